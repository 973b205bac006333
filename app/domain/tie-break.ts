/**
 * The contest's tie-break rules (Contest.tieBreakRule), applied only when an organizer asks
 * for it on a reported tie. A rule may fail to separate entries; those stay tied and need a
 * manual decision with a reason.
 */
import { sameScore } from "./aggregation.ts";

export const TIE_BREAK_RULES = ["FIRST_CRITERION_THEN_TOP_MARKS"] as const;
export type TieBreakRule = (typeof TIE_BREAK_RULES)[number];

export function isTieBreakRule(value: string): value is TieBreakRule {
  return (TIE_BREAK_RULES as readonly string[]).includes(value);
}

/** What the rules look at, per entry, from its submitted final-round scores. */
export interface TieBreakStats {
  entryId: string;
  /** Mean of the judges' values on the criterion at position 1. */
  firstCriterionMean: number;
  /** How many values (any judge, any criterion) equal the criterion's maximum. */
  topMarks: number;
}

export interface SheetForStats {
  entryId: string;
  /** Values by criterion position. */
  values: { position: number; value: number; maxPoints: number }[];
}

export function tieBreakStats(entryId: string, sheets: readonly SheetForStats[]): TieBreakStats {
  const mine = sheets.filter((s) => s.entryId === entryId);
  const firsts = mine.flatMap((s) => s.values.filter((v) => v.position === 1).map((v) => v.value));
  const topMarks = mine.reduce((n, s) => n + s.values.filter((v) => sameScore(v.value, v.maxPoints)).length, 0);
  return {
    entryId,
    firstCriterionMean: firsts.length ? firsts.reduce((a, b) => a + b, 0) / firsts.length : 0,
    topMarks,
  };
}

/**
 * Orders tied entries by the rule: higher mean on criterion 1, then more top marks. Returns
 * sub-ranks best first; entries the rule cannot separate share a sub-rank.
 */
export function applyTieBreak(rule: TieBreakRule, stats: readonly TieBreakStats[]): string[][] {
  const cmp = (a: TieBreakStats, b: TieBreakStats) => {
    if (!sameScore(a.firstCriterionMean, b.firstCriterionMean)) return b.firstCriterionMean - a.firstCriterionMean;
    return b.topMarks - a.topMarks;
  };
  switch (rule) {
    case "FIRST_CRITERION_THEN_TOP_MARKS": {
      const sorted = [...stats].sort((a, b) => cmp(a, b) || (a.entryId < b.entryId ? -1 : 1));
      const out: TieBreakStats[][] = [];
      for (const s of sorted) {
        const last = out[out.length - 1];
        if (last && cmp(last[0]!, s) === 0) last.push(s);
        else out.push([s]);
      }
      return out.map((g) => g.map((s) => s.entryId));
    }
  }
}

/** A manual order must name every tied entry exactly once. */
export function isPermutationOf(order: readonly string[], members: readonly string[]): boolean {
  if (order.length !== members.length) return false;
  const set = new Set(members);
  return new Set(order).size === order.length && order.every((id) => set.has(id));
}

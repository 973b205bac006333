/**
 * Closing a round: which entries go on to the next round (vào chung khảo). Top N per category
 * or aggregate ≥ threshold. Entries tied with the N-th advance together — cutting a tie by
 * database order would be a silent tie-break, which the rules forbid.
 */
import { sameScore, type EntryAggregate } from "./aggregation.ts";

export type AdvancementRule = "NONE" | "TOP_N" | "THRESHOLD";

export interface AdvancementInput {
  rule: AdvancementRule;
  topN?: number | null;
  threshold?: number | null;
}

export interface RoundEntryResult extends EntryAggregate {
  categoryId: string;
}

export interface ClosedEntry extends RoundEntryResult {
  advanced: boolean;
}

export interface RoundClosing {
  entries: ClosedEntry[];
  /** Entries with fewer submitted scores than the round requires. */
  flagged: string[];
  /** Per category: how many advanced, and whether a tie at the cut made it more than N. */
  perCategory: { categoryId: string; advanced: number; tieAtCut: boolean }[];
}

/** Sort by aggregate, highest first; entries without an aggregate last. */
export function byAggregateDesc<T extends { aggregate: number | null }>(a: T, b: T): number {
  if (a.aggregate === null) return b.aggregate === null ? 0 : 1;
  if (b.aggregate === null) return -1;
  return b.aggregate - a.aggregate;
}

export function closeRound(results: readonly RoundEntryResult[], rule: AdvancementInput): RoundClosing {
  const byCategory = new Map<string, RoundEntryResult[]>();
  for (const r of results) {
    let list = byCategory.get(r.categoryId);
    if (!list) byCategory.set(r.categoryId, (list = []));
    list.push(r);
  }
  const advanced = new Set<string>();
  const perCategory: RoundClosing["perCategory"] = [];
  for (const [categoryId, list] of byCategory) {
    // An entry nobody scored cannot advance: there is nothing to rank it by.
    const ranked = list.filter((r) => r.aggregate !== null).sort(byAggregateDesc);
    let tieAtCut = false;
    let chosen: RoundEntryResult[] = [];
    if (rule.rule === "TOP_N") {
      const n = Math.max(0, rule.topN ?? 0);
      if (ranked.length > n && n > 0) {
        const cut = ranked[n - 1]!.aggregate!;
        chosen = ranked.filter((r, i) => i < n || sameScore(r.aggregate!, cut));
        tieAtCut = chosen.length > n;
      } else if (n > 0) chosen = ranked;
    } else if (rule.rule === "THRESHOLD") {
      const t = rule.threshold ?? Number.POSITIVE_INFINITY;
      // Same tolerance as ties: 69.9999999 from float sums meets a threshold of 70.
      chosen = ranked.filter((r) => r.aggregate! >= t || sameScore(r.aggregate!, t));
    }
    for (const r of chosen) advanced.add(r.entryId);
    perCategory.push({ categoryId, advanced: chosen.length, tieAtCut });
  }
  return {
    entries: results.map((r) => ({ ...r, advanced: advanced.has(r.entryId) })),
    flagged: results.filter((r) => r.tooFewJudges).map((r) => r.entryId),
    perCategory,
  };
}

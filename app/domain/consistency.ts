/**
 * Judge consistency for organizers: is a judge systematically stricter or more generous than
 * the panel, and on which entries do judges disagree most?
 */
import { mean, stdDev, type JudgeTotal } from "./aggregation.ts";

export interface JudgeConsistency {
  judgeId: string;
  count: number;
  mean: number;
  spread: number;
  /** Mean, over the entries others also scored, of the other judges' mean (null if none). */
  panelMean: number | null;
  /** Mean of (own − others) on shared entries: positive = more generous than the panel. */
  bias: number | null;
}

export interface EntryDisagreement {
  entryId: string;
  judgeCount: number;
  min: number;
  max: number;
  range: number;
  spread: number;
}

export function judgeConsistency(totals: readonly JudgeTotal[]): JudgeConsistency[] {
  const byEntry = new Map<string, JudgeTotal[]>();
  const byJudge = new Map<string, JudgeTotal[]>();
  for (const t of totals) {
    (byEntry.get(t.entryId) ?? byEntry.set(t.entryId, []).get(t.entryId)!).push(t);
    (byJudge.get(t.judgeId) ?? byJudge.set(t.judgeId, []).get(t.judgeId)!).push(t);
  }
  return [...byJudge.entries()]
    .map(([judgeId, list]) => {
      const own = list.map((t) => t.total);
      // Compare entry by entry on the entries someone else also scored: a judge who alone
      // scored a strong entry is not "generous" for it.
      const diffs: number[] = [];
      const panel: number[] = [];
      for (const t of list) {
        // The others' mean, summed in the same order as mean() would: no arrays per sheet
        // (150,000 sheets made this loop and its garbage the slow part of the round page).
        let sum = 0;
        let n = 0;
        for (const o of byEntry.get(t.entryId)!) {
          if (o.judgeId === judgeId) continue;
          sum += o.total;
          n++;
        }
        if (n === 0) continue;
        const others = sum / n;
        panel.push(others);
        diffs.push(t.total - others);
      }
      return {
        judgeId,
        count: list.length,
        mean: mean(own)!,
        spread: stdDev(own),
        panelMean: mean(panel),
        bias: mean(diffs),
      };
    })
    .sort((a, b) => Math.abs(b.bias ?? 0) - Math.abs(a.bias ?? 0) || (a.judgeId < b.judgeId ? -1 : 1));
}

/** Entries scored by two or more judges, largest range first. */
export function largestDisagreements(totals: readonly JudgeTotal[], limit = 10): EntryDisagreement[] {
  const byEntry = new Map<string, number[]>();
  for (const t of totals) (byEntry.get(t.entryId) ?? byEntry.set(t.entryId, []).get(t.entryId)!).push(t.total);
  return [...byEntry.entries()]
    .filter(([, list]) => list.length >= 2)
    .map(([entryId, list]) => {
      const min = Math.min(...list);
      const max = Math.max(...list);
      return { entryId, judgeCount: list.length, min, max, range: max - min, spread: stdDev(list) };
    })
    .sort((a, b) => b.range - a.range || b.spread - a.spread || (a.entryId < b.entryId ? -1 : 1))
    .slice(0, limit);
}

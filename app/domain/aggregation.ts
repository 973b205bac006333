/**
 * Turning judges' totals into one aggregate per entry: mean, trimmed mean or median, with an
 * optional per-judge z-score normalisation first (so a strict judge and a generous judge count
 * the same). Pure functions over plain numbers.
 */
export type AggregationMethod = "MEAN" | "TRIMMED_MEAN" | "MEDIAN";

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Drops ⌊n × percent / 100⌋ values from each end, then averages. If that would drop
 * everything (few judges, large percent), it keeps the middle one or two values — the trimmed
 * mean then degrades gracefully into the median instead of being undefined.
 */
export function trimmedMean(values: readonly number[], percent: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  let k = Math.floor((n * Math.max(0, percent)) / 100);
  if (2 * k >= n) k = Math.floor((n - 1) / 2);
  const sorted = [...values].sort((a, b) => a - b);
  return mean(sorted.slice(k, n - k));
}

/** Population standard deviation; 0 for fewer than two values. */
export function stdDev(values: readonly number[]): number {
  const m = mean(values);
  if (m === null || values.length < 2) return 0;
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / values.length);
}

export function aggregate(values: readonly number[], method: AggregationMethod, trimPercent = 0): number | null {
  switch (method) {
    case "MEAN":
      return mean(values);
    case "MEDIAN":
      return median(values);
    case "TRIMMED_MEAN":
      return trimmedMean(values, trimPercent);
  }
}

export interface JudgeTotal {
  judgeId: string;
  entryId: string;
  total: number;
}

/**
 * Per-judge z-scores, mapped back onto the panel's scale: z = (x − μ_judge) / σ_judge, then
 * z × σ_all + μ_all, so normalised totals stay in points and remain comparable with tier
 * minimum scores. A judge with one score or no spread is only shifted (x − μ_judge + μ_all):
 * dividing by a zero spread would be meaningless.
 */
export function normaliseByJudge(totals: readonly JudgeTotal[]): JudgeTotal[] {
  if (totals.length === 0) return [];
  const all = totals.map((t) => t.total);
  const muAll = mean(all)!;
  const sdAll = stdDev(all);
  const byJudge = new Map<string, number[]>();
  for (const t of totals) {
    let list = byJudge.get(t.judgeId);
    if (!list) byJudge.set(t.judgeId, (list = []));
    list.push(t.total);
  }
  const stats = new Map<string, { mu: number; sd: number }>();
  for (const [judgeId, list] of byJudge) stats.set(judgeId, { mu: mean(list)!, sd: stdDev(list) });
  return totals.map((t) => {
    const { mu, sd } = stats.get(t.judgeId)!;
    const total = sd > 0 ? ((t.total - mu) / sd) * sdAll + muAll : t.total - mu + muAll;
    return { ...t, total };
  });
}

export interface AggregateOptions {
  method: AggregationMethod;
  trimPercent: number;
  normalise: boolean;
  minJudges: number;
}

export interface EntryAggregate {
  entryId: string;
  /** null when no judge has submitted a score. */
  aggregate: number | null;
  judgeCount: number;
  tooFewJudges: boolean;
}

/**
 * One aggregate per entry of `entryIds` (entries of the round without any submitted score are
 * included with a null aggregate, so they are flagged rather than forgotten).
 */
export function aggregateEntries(
  entryIds: readonly string[],
  totals: readonly JudgeTotal[],
  opts: AggregateOptions,
): EntryAggregate[] {
  const used = opts.normalise ? normaliseByJudge(totals) : totals;
  const byEntry = new Map<string, number[]>();
  for (const t of used) {
    let list = byEntry.get(t.entryId);
    if (!list) byEntry.set(t.entryId, (list = []));
    list.push(t.total);
  }
  return entryIds.map((entryId) => {
    const list = byEntry.get(entryId) ?? [];
    return {
      entryId,
      aggregate: aggregate(list, opts.method, opts.trimPercent),
      judgeCount: list.length,
      tooFewJudges: list.length < opts.minJudges,
    };
  });
}

/**
 * Aggregates are compared at 1e-6 points: sums of quarter points in floating point can differ
 * in the last bits although the judges gave equal marks; such entries are tied, not ordered.
 */
export const SCORE_EPSILON = 1e-6;

export function sameScore(a: number, b: number): boolean {
  return Math.abs(a - b) < SCORE_EPSILON;
}

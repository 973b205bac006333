import { describe, expect, it } from "vitest";
import {
  aggregate,
  aggregateEntries,
  mean,
  median,
  normaliseByJudge,
  stdDev,
  trimmedMean,
} from "#app/domain/aggregation.ts";

describe("aggregation methods", () => {
  it("computes mean and median of odd and even counts, and nothing of no scores", () => {
    expect(mean([70, 80, 90])).toBe(80);
    expect(median([90, 70, 80])).toBe(80);
    expect(median([90, 70, 80, 60])).toBe(75);
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
  });

  it("trims ⌊n·p⌋ scores from each end before averaging", () => {
    // 20 % of 5 = 1 from each end: the 10 and the 100 go.
    expect(trimmedMean([10, 70, 80, 90, 100], 20)).toBe(80);
    // 20 % of 4 = 0.8 → nothing trimmed.
    expect(trimmedMean([10, 70, 80, 90], 20)).toBe(62.5);
    expect(trimmedMean([0, 50, 60, 70, 80, 90, 100, 100, 100, 10], 10)).toBe(mean([10, 50, 60, 70, 80, 90, 100, 100]));
  });

  it("degrades into the median when trimming would drop everything", () => {
    expect(trimmedMean([10, 20, 90], 50)).toBe(20);
    expect(trimmedMean([10, 20, 30, 90], 50)).toBe(25);
    expect(trimmedMean([42], 40)).toBe(42);
  });

  it("dispatches on the round's method", () => {
    const v = [60, 61, 95];
    expect(aggregate(v, "MEAN")).toBeCloseTo(72);
    expect(aggregate(v, "MEDIAN")).toBe(61);
    expect(aggregate(v, "TRIMMED_MEAN", 34)).toBe(61);
  });

  it("computes a population standard deviation", () => {
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(stdDev([5])).toBe(0);
  });
});

describe("per-judge z-score normalisation", () => {
  it("makes a strict judge and a generous judge who rank alike give the same totals", () => {
    const totals = [
      { judgeId: "strict", entryId: "a", total: 50 },
      { judgeId: "strict", entryId: "b", total: 60 },
      { judgeId: "generous", entryId: "a", total: 80 },
      { judgeId: "generous", entryId: "b", total: 90 },
    ];
    const n = normaliseByJudge(totals);
    const get = (j: string, e: string) => n.find((t) => t.judgeId === j && t.entryId === e)!.total;
    expect(get("strict", "a")).toBeCloseTo(get("generous", "a"));
    expect(get("strict", "b")).toBeCloseTo(get("generous", "b"));
    // Mapped back onto the panel's scale (mean 70, spread 15.81…), not left as z values.
    expect((get("strict", "a") + get("strict", "b")) / 2).toBeCloseTo(70);
    expect(get("strict", "b") - get("strict", "a")).toBeCloseTo(2 * stdDev([50, 60, 80, 90]));
  });

  it("only shifts a judge without spread instead of dividing by zero", () => {
    const n = normaliseByJudge([
      { judgeId: "flat", entryId: "a", total: 70 },
      { judgeId: "flat", entryId: "b", total: 70 },
      { judgeId: "other", entryId: "a", total: 90 },
      { judgeId: "other", entryId: "b", total: 50 },
    ]);
    expect(n.filter((t) => t.judgeId === "flat").map((t) => t.total)).toEqual([70, 70]);
    expect(n.every((t) => Number.isFinite(t.total))).toBe(true);
  });

  it("changes the winner when a generous judge scored only one entry", () => {
    const totals = [
      { judgeId: "j1", entryId: "a", total: 70 },
      { judgeId: "j1", entryId: "b", total: 72 },
      { judgeId: "j1", entryId: "c", total: 60 },
      { judgeId: "j2", entryId: "a", total: 95 },
      { judgeId: "j2", entryId: "c", total: 85 },
      { judgeId: "j3", entryId: "b", total: 71 },
      { judgeId: "j3", entryId: "c", total: 61 },
    ];
    const opts = { method: "MEAN" as const, trimPercent: 0, minJudges: 2 };
    const raw = aggregateEntries(["a", "b", "c"], totals, { ...opts, normalise: false });
    const norm = aggregateEntries(["a", "b", "c"], totals, { ...opts, normalise: true });
    const best = (r: typeof raw) => [...r].sort((x, y) => y.aggregate! - x.aggregate!)[0]!.entryId;
    expect(best(raw)).toBe("a");
    expect(best(norm)).toBe("b");
  });
});

describe("aggregating a round", () => {
  it("flags entries with fewer judges than required and keeps unscored entries with no aggregate", () => {
    const r = aggregateEntries(
      ["a", "b", "c"],
      [
        { judgeId: "j1", entryId: "a", total: 80 },
        { judgeId: "j2", entryId: "a", total: 70 },
        { judgeId: "j1", entryId: "b", total: 60 },
      ],
      { method: "MEAN", trimPercent: 20, normalise: false, minJudges: 2 },
    );
    expect(r).toEqual([
      { entryId: "a", aggregate: 75, judgeCount: 2, tooFewJudges: false },
      { entryId: "b", aggregate: 60, judgeCount: 1, tooFewJudges: true },
      { entryId: "c", aggregate: null, judgeCount: 0, tooFewJudges: true },
    ]);
  });
});

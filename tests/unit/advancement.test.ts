import { describe, expect, it } from "vitest";
import { closeRound, type RoundEntryResult } from "#app/domain/advancement.ts";

const r = (entryId: string, categoryId: string, aggregate: number | null, judgeCount = 2): RoundEntryResult => ({
  entryId,
  categoryId,
  aggregate,
  judgeCount,
  tooFewJudges: judgeCount < 2,
});

describe("closing a round", () => {
  const results = [
    r("p1", "print", 90),
    r("p2", "print", 80),
    r("p3", "print", 70),
    r("p4", "print", null, 0),
    r("t1", "tv", 50),
    r("t2", "tv", 40, 1),
  ];

  it("advances the top N of each category separately", () => {
    const c = closeRound(results, { rule: "TOP_N", topN: 2 });
    expect(c.entries.filter((e) => e.advanced).map((e) => e.entryId)).toEqual(["p1", "p2", "t1", "t2"]);
    expect(c.flagged).toEqual(["p4", "t2"]);
  });

  it("advances everybody tied with the N-th and says so", () => {
    const c = closeRound([r("a", "x", 90), r("b", "x", 80), r("c", "x", 80), r("d", "x", 70)], {
      rule: "TOP_N",
      topN: 2,
    });
    expect(c.entries.filter((e) => e.advanced).map((e) => e.entryId)).toEqual(["a", "b", "c"]);
    expect(c.perCategory).toEqual([{ categoryId: "x", advanced: 3, tieAtCut: true }]);
  });

  it("advances entries at or above the threshold, never an unscored one", () => {
    const c = closeRound([...results, r("p5", "print", 69.99999999)], { rule: "THRESHOLD", threshold: 70 });
    expect(c.entries.filter((e) => e.advanced).map((e) => e.entryId)).toEqual(["p1", "p2", "p3", "p5"]);
  });

  it("advances nobody under NONE (the final round)", () => {
    expect(closeRound(results, { rule: "NONE" }).entries.some((e) => e.advanced)).toBe(false);
  });

  it("advances all scored entries when a category has fewer than N", () => {
    const c = closeRound(results, { rule: "TOP_N", topN: 20 });
    expect(c.entries.filter((e) => e.advanced)).toHaveLength(5);
  });
});

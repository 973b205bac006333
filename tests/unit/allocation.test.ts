import { describe, expect, it } from "vitest";
import { allocateCategory, type RankedInput, type TierInput } from "#app/domain/allocation.ts";
import { applyTieBreak, isPermutationOf, tieBreakStats } from "#app/domain/tie-break.ts";

// The 2021 Hải Dương table: 1 first, 1 second, 3 third, 5 encouragement.
const seed: TierInput[] = [
  { id: "nhat", position: 1, count: 1, amount: 30_000_000, minScore: null },
  { id: "nhi", position: 2, count: 1, amount: 20_000_000, minScore: null },
  { id: "ba", position: 3, count: 3, amount: 10_000_000, minScore: null },
  { id: "kk", position: 4, count: 5, amount: 2_000_000, minScore: null },
];
const entries = (...scores: (number | null)[]): RankedInput[] =>
  scores.map((aggregate, i) => ({ entryId: `e${i + 1}`, aggregate }));
const tierOf = (a: ReturnType<typeof allocateCategory>) =>
  Object.fromEntries(a.awards.map((x) => [x.entryId, x.tierId]));

describe("prize allocation", () => {
  it("awards 1/1/3/5 in score order when all scores differ, for 90,000,000 VND", () => {
    const a = allocateCategory(entries(95, 90, 85, 84, 83, 80, 79, 78, 77, 76, 50), seed);
    expect(tierOf(a)).toEqual({
      e1: "nhat",
      e2: "nhi",
      e3: "ba",
      e4: "ba",
      e5: "ba",
      e6: "kk",
      e7: "kk",
      e8: "kk",
      e9: "kk",
      e10: "kk",
    });
    expect(a.awards.reduce((s, x) => s + x.amount, 0)).toBe(90_000_000);
    expect(a.conflicts).toEqual([]);
    expect(a.unawarded).toEqual([]);
    expect(a.awards.every((x) => x.decision === "COMPUTED")).toBe(true);
  });

  it("reports the prizes left when there are fewer entries than prizes", () => {
    const a = allocateCategory(entries(90, 80, 70, null), seed);
    expect(tierOf(a)).toEqual({ e1: "nhat", e2: "nhi", e3: "ba" });
    expect(a.unawarded).toEqual([
      { tierId: "ba", count: 2 },
      { tierId: "kk", count: 5 },
    ]);
    expect(a.ranking.at(-1)).toEqual({ entryId: "e4", aggregate: null, rank: null });
  });

  it("gives no conflict for a tie inside one tier", () => {
    const a = allocateCategory(entries(95, 90, 85, 85, 85, 70), seed);
    expect(tierOf(a)).toMatchObject({ e3: "ba", e4: "ba", e5: "ba", e6: "kk" });
    expect(a.conflicts).toEqual([]);
    expect(a.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 3, 3, 6]);
  });

  it("ranks a resolved tie in the decided order, so rank numbers and prizes agree", () => {
    const a = allocateCategory(entries(90, 90, 90, 80), seed, [
      { order: [["e3"], ["e1", "e2"]], decision: "MANUAL", reason: "Hội đồng quyết định" },
    ]);
    expect(a.ranking.map((r) => [r.entryId, r.rank])).toEqual([
      ["e3", 1],
      ["e1", 2],
      ["e2", 2],
      ["e4", 4],
    ]);
    expect(tierOf(a)).toMatchObject({ e3: "nhat", e4: "ba" });
    expect(a.conflicts.map((c) => c.entryIds)).toEqual([["e1", "e2"]]);
  });

  it.each([
    ["first/second", [90, 90, 80, 70], { tierIds: ["nhat", "nhi"], without: 0 }],
    ["second/third", [95, 90, 90, 80], { tierIds: ["nhi", "ba"], without: 0 }],
    ["third/encouragement", [95, 90, 85, 84, 83, 83, 70], { tierIds: ["ba", "kk"], without: 0 }],
    ["encouragement/no prize", [95, 90, 85, 84, 83, 80, 79, 78, 77, 76, 76, 50], { tierIds: ["kk"], without: 1 }],
  ])("reports a tie straddling the %s boundary and holds its slots", (_name, scores, expected) => {
    const a = allocateCategory(entries(...scores), seed);
    expect(a.conflicts).toHaveLength(1);
    const c = a.conflicts[0]!;
    expect(c.placements.map((p) => p.tierId)).toEqual(expected.tierIds);
    expect(c.withoutPrize).toBe(expected.without);
    for (const id of c.entryIds) expect(tierOf(a)[id]).toBeUndefined();
    // Entries after the tie are placed after the held slots, and no money is double counted.
    const held = c.placements.reduce((s, p) => s + p.count, 0);
    expect(a.awards.length + held).toBe(Math.min(10, scores.length));
  });

  it("reports a tie spanning three tiers as one conflict", () => {
    const a = allocateCategory(entries(90, 90, 90, 60), seed);
    expect(a.conflicts).toEqual([
      {
        entryIds: ["e1", "e2", "e3"],
        aggregate: 90,
        placements: [
          { tierId: "nhat", count: 1 },
          { tierId: "nhi", count: 1 },
          { tierId: "ba", count: 1 },
        ],
        withoutPrize: 0,
      },
    ]);
    expect(tierOf(a)).toEqual({ e4: "ba" });
  });

  it("reports all-equal scores as one conflict over every prize", () => {
    const a = allocateCategory(entries(...Array<number>(12).fill(75)), seed);
    expect(a.awards).toEqual([]);
    expect(a.conflicts).toHaveLength(1);
    expect(a.conflicts[0]!.placements.map((p) => [p.tierId, p.count])).toEqual([
      ["nhat", 1],
      ["nhi", 1],
      ["ba", 3],
      ["kk", 5],
    ]);
    expect(a.conflicts[0]!.withoutPrize).toBe(2);
  });

  it("leaves a tier unawarded below its minimum score and gives the entry the next tier it deserves", () => {
    const tiers = seed.map((t) =>
      t.id === "nhat" ? { ...t, minScore: 90 } : t.id === "kk" ? { ...t, minScore: 60 } : t,
    );
    const a = allocateCategory(entries(85, 80, 75, 70, 65, 60, 59.5), tiers);
    expect(tierOf(a)).toEqual({ e1: "nhi", e2: "ba", e3: "ba", e4: "ba", e5: "kk", e6: "kk" });
    expect(a.unawarded).toEqual([
      { tierId: "nhat", count: 1 },
      { tierId: "kk", count: 3 },
    ]);
  });

  it("accepts a score equal to the minimum despite floating-point noise", () => {
    const tiers = [{ ...seed[0]!, minScore: 80 }];
    expect(tierOf(allocateCategory(entries(0.1 * 3 * 266.6666666666667), tiers))).toEqual({ e1: "nhat" });
  });

  it("applies a resolution that names the tied entries and marks how it was decided", () => {
    const a = allocateCategory(entries(90, 90, 80), seed, [
      { order: [["e2"], ["e1"]], decision: "MANUAL", reason: "Hội đồng biểu quyết 5/2" },
    ]);
    expect(a.conflicts).toEqual([]);
    expect(a.awards.slice(0, 2)).toEqual([
      { entryId: "e2", tierId: "nhat", amount: 30_000_000, decision: "MANUAL", reason: "Hội đồng biểu quyết 5/2" },
      { entryId: "e1", tierId: "nhi", amount: 20_000_000, decision: "MANUAL", reason: "Hội đồng biểu quyết 5/2" },
    ]);
    expect(tierOf(a).e3).toBe("ba");
  });

  it("ignores a stale resolution whose entries no longer form the tie", () => {
    const a = allocateCategory(entries(90, 90, 90), seed, [
      { order: [["e2"], ["e1"]], decision: "MANUAL", reason: "cũ" },
    ]);
    expect(a.conflicts).toHaveLength(1);
  });

  it("keeps a conflict when a resolution leaves the boundary tied", () => {
    const a = allocateCategory(entries(90, 90, 90), seed, [
      { order: [["e3"], ["e1", "e2"]], decision: "TIE_RESOLVED", reason: "" },
    ]);
    expect(tierOf(a)).toEqual({ e3: "nhat" });
    expect(a.conflicts.map((c) => c.entryIds)).toEqual([["e1", "e2"]]);
  });
});

describe("tie-break rule FIRST_CRITERION_THEN_TOP_MARKS", () => {
  const sheets = [
    {
      entryId: "a",
      values: [
        { position: 1, value: 35, maxPoints: 40 },
        { position: 2, value: 30, maxPoints: 30 },
      ],
    },
    {
      entryId: "a",
      values: [
        { position: 1, value: 37, maxPoints: 40 },
        { position: 2, value: 20, maxPoints: 30 },
      ],
    },
    {
      entryId: "b",
      values: [
        { position: 1, value: 38, maxPoints: 40 },
        { position: 2, value: 24, maxPoints: 30 },
      ],
    },
    {
      entryId: "b",
      values: [
        { position: 1, value: 34, maxPoints: 40 },
        { position: 2, value: 26, maxPoints: 30 },
      ],
    },
    {
      entryId: "c",
      values: [
        { position: 1, value: 38, maxPoints: 40 },
        { position: 2, value: 10, maxPoints: 30 },
      ],
    },
  ];

  it("computes the first-criterion mean and counts top marks", () => {
    expect(tieBreakStats("a", sheets)).toEqual({ entryId: "a", firstCriterionMean: 36, topMarks: 1 });
    expect(tieBreakStats("b", sheets)).toEqual({ entryId: "b", firstCriterionMean: 36, topMarks: 0 });
  });

  it("orders by criterion 1, then top marks, and leaves what it cannot separate tied", () => {
    const stats = ["a", "b", "c"].map((id) => tieBreakStats(id, sheets));
    expect(applyTieBreak("FIRST_CRITERION_THEN_TOP_MARKS", stats)).toEqual([["c"], ["a"], ["b"]]);
    const same = [
      { entryId: "x", firstCriterionMean: 30, topMarks: 2 },
      { entryId: "y", firstCriterionMean: 30, topMarks: 2 },
    ];
    expect(applyTieBreak("FIRST_CRITERION_THEN_TOP_MARKS", same)).toEqual([["x", "y"]]);
  });

  it("accepts a manual order only if it names each tied entry once", () => {
    expect(isPermutationOf(["b", "a"], ["a", "b"])).toBe(true);
    expect(isPermutationOf(["a", "a"], ["a", "b"])).toBe(false);
    expect(isPermutationOf(["a"], ["a", "b"])).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { judgeConsistency, largestDisagreements } from "#app/domain/consistency.ts";

const totals = [
  { judgeId: "j1", entryId: "a", total: 80 },
  { judgeId: "j2", entryId: "a", total: 70 },
  { judgeId: "j3", entryId: "a", total: 40 },
  { judgeId: "j1", entryId: "b", total: 60 },
  { judgeId: "j2", entryId: "b", total: 62 },
  { judgeId: "j3", entryId: "b", total: 58 },
  { judgeId: "j1", entryId: "c", total: 90 },
];

describe("judge consistency", () => {
  it("compares each judge's mean with the panel on the same entries, most biased first", () => {
    const c = judgeConsistency(totals);
    expect(c[0]).toMatchObject({ judgeId: "j3", count: 2, mean: 49 });
    expect(c[0]!.panelMean).toBeCloseTo(68);
    expect(c.find((x) => x.judgeId === "j1")!.bias).toBeCloseTo(12.5);
    expect(c[0]!.bias).toBeCloseTo(-19);
    const j1 = c.find((x) => x.judgeId === "j1")!;
    expect(j1.count).toBe(3);
    expect(j1.spread).toBeGreaterThan(0);
  });

  it("lists entries with the largest disagreement, ignoring entries with one judge", () => {
    const d = largestDisagreements(totals, 5);
    expect(d.map((x) => x.entryId)).toEqual(["a", "b"]);
    expect(d[0]).toMatchObject({ min: 40, max: 80, range: 40, judgeCount: 3 });
  });
});

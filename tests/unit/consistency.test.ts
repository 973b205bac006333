import { describe, expect, it } from "vitest";
import { mean } from "#app/domain/aggregation.ts";
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

  it("gives exactly the panel mean and bias of the plain definition, over many uneven sheets", () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const many: { judgeId: string; entryId: string; total: number }[] = [];
    for (let e = 0; e < 300; e++)
      for (let j = 0; j < 9; j++)
        if (rand() > 0.3) many.push({ judgeId: `j${j}`, entryId: `e${e}`, total: rand() * 100 });
    const byEntry = new Map<string, typeof many>();
    for (const t of many) byEntry.set(t.entryId, [...(byEntry.get(t.entryId) ?? []), t]);
    for (const c of judgeConsistency(many)) {
      const mine = many.filter((t) => t.judgeId === c.judgeId);
      const panel = mine
        .map((t) => [
          t.total,
          mean(
            byEntry
              .get(t.entryId)!
              .filter((o) => o.judgeId !== c.judgeId)
              .map((o) => o.total),
          ),
        ])
        .filter((p): p is [number, number] => p[1] !== null);
      expect(c.panelMean).toBe(mean(panel.map((p) => p[1])));
      expect(c.bias).toBe(mean(panel.map((p) => p[0] - p[1])));
    }
  });
});

import { describe, expect, it } from "vitest";
import { payoutTotals, splitPrize } from "#app/domain/payouts.ts";

const authors = (...shares: number[]) =>
  shares.map((shareBp, i) => ({ authorId: `a${i + 1}`, position: i + 1, shareBp }));
const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

describe("payouts", () => {
  it("pays 33/33/34 % of a Giải Ba exactly", () => {
    expect(splitPrize(10_000_000, authors(3300, 3300, 3400))).toEqual([
      { authorId: "a1", amount: 3_300_000 },
      { authorId: "a2", amount: 3_300_000 },
      { authorId: "a3", amount: 3_400_000 },
    ]);
  });

  it("gives the leftover đồng to the largest remainders, ties to the earlier author", () => {
    // 33/33/34 % of 1,000,001: exact shares 330000.33, 330000.33, 340000.34 → one đồng left.
    const lines = splitPrize(1_000_001, authors(3300, 3300, 3400));
    expect(lines.map((l) => l.amount)).toEqual([330_000, 330_000, 340_001]);
    // Equal shares: 100 / 3 → 34, 33, 33 (the earlier author gets the extra đồng).
    expect(splitPrize(100, authors(3333, 3333, 3334)).map((l) => l.amount)).toEqual([33, 33, 34]);
    expect(splitPrize(100, authors(3333, 3333, 3333)).map((l) => l.amount)).toEqual([34, 33, 33]);
  });

  it("always adds up to the prize", () => {
    for (const amount of [1, 7, 2_000_000, 2_000_001, 30_000_000, 9_999_999]) {
      for (const shares of [
        [10000],
        [5000, 5000],
        [3300, 3300, 3400],
        [1, 9999],
        [2500, 2500, 2500, 2499, 1],
        [3333, 3333, 3333],
      ]) {
        expect(sum(splitPrize(amount, authors(...shares)))).toBe(amount);
      }
    }
  });

  it("orders lines by author position and refuses impossible inputs", () => {
    const lines = splitPrize(10, [
      { authorId: "second", position: 2, shareBp: 5000 },
      { authorId: "first", position: 1, shareBp: 5000 },
    ]);
    expect(lines.map((l) => l.authorId)).toEqual(["first", "second"]);
    expect(() => splitPrize(10, [])).toThrow();
    expect(() => splitPrize(10.5, authors(10000))).toThrow();
    expect(() => splitPrize(10, authors(0, 0))).toThrow();
  });

  it("totals 90,000,000 per category and 360,000,000 for the fully awarded seed contest", () => {
    const perCategory = [
      30_000_000, 20_000_000, 10_000_000, 10_000_000, 10_000_000, 2_000_000, 2_000_000, 2_000_000, 2_000_000, 2_000_000,
    ];
    const awards = ["print", "radio", "tv", "online"].flatMap((categoryId) =>
      perCategory.map((amount) => ({ categoryId, amount })),
    );
    const t = payoutTotals(awards);
    expect([...t.perCategory.values()]).toEqual([90_000_000, 90_000_000, 90_000_000, 90_000_000]);
    expect(t.total).toBe(360_000_000);
  });
});

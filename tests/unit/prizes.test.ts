import { describe, expect, it } from "vitest";
import { prizeMoneyTotal, sameTiers } from "#app/domain/prizes.ts";

const seedTiers = [
  { name: "Giải Nhất", count: 1, amount: 30_000_000 },
  { name: "Giải Nhì", count: 1, amount: 20_000_000 },
  { name: "Giải Ba", count: 3, amount: 10_000_000 },
  { name: "Giải Khuyến khích", count: 5, amount: 2_000_000 },
];

describe("prize money", () => {
  it("adds up to 90,000,000 VND per category for the 2021 Hải Dương table", () => {
    expect(prizeMoneyTotal(seedTiers)).toBe(90_000_000);
  });
  it("recognises identical tier tables across categories", () => {
    expect(sameTiers([seedTiers, [...seedTiers]])).toBe(true);
    expect(sameTiers([seedTiers, seedTiers.slice(1)])).toBe(false);
  });
});

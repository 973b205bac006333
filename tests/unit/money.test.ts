import { describe, expect, it } from "vitest";
import { formatVnd } from "#app/domain/money.ts";

describe("formatVnd", () => {
  it("formats Vietnamese style with dots and the dong sign", () => {
    expect(formatVnd(30_000_000, "vi")).toBe("30.000.000 ₫");
    expect(formatVnd(2_000_000, "vi")).toBe("2.000.000 ₫");
  });
  it("formats English style", () => {
    expect(formatVnd(30_000_000, "en")).toBe("₫30,000,000");
  });
  it("refuses fractions and negatives", () => {
    expect(() => formatVnd(1.5)).toThrow();
    expect(() => formatVnd(-1)).toThrow();
  });
});

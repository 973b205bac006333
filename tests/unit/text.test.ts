import { describe, expect, it } from "vitest";
import { normalizeName } from "#app/domain/text.ts";

describe("normalizeName", () => {
  it("ignores case, diacritics, đ and spacing", () => {
    expect(normalizeName("  Báo  HẢI DƯƠNG ")).toBe("bao hai duong");
    expect(normalizeName("Đài PT-TH Hải Dương")).toBe("dai pt th hai duong");
    expect(normalizeName("bao hai duong")).toBe(normalizeName("Báo Hải Dương"));
  });
  it("keeps different names different", () => {
    expect(normalizeName("Báo Hải Dương")).not.toBe(normalizeName("Báo Hải Phòng"));
  });
});

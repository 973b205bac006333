import { describe, expect, it } from "vitest";
import { documentDateLine, documentPlace, normalizeName } from "#app/domain/text.ts";

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

describe("pickLocale", () => {
  it("falls back to Vietnamese when the English text is missing", async () => {
    const { pickLocale } = await import("#app/domain/text.ts");
    expect(pickLocale("en", "Vòng sơ khảo", "Preliminary round")).toBe("Preliminary round");
    expect(pickLocale("en", "Vòng sơ khảo", "")).toBe("Vòng sơ khảo");
    expect(pickLocale("vi", "Vòng sơ khảo", "Preliminary round")).toBe("Vòng sơ khảo");
  });
});

describe("official documents' date line", () => {
  it("uses the contest's place, else the organizer's province", () => {
    expect(documentPlace("Hải Dương", "")).toBe("Hải Dương");
    expect(documentPlace("", "Số 199 Nguyễn Lương Bằng, phường Tân Bình, thành phố Hải Dương, tỉnh Hải Dương")).toBe(
      "Hải Dương",
    );
    expect(documentPlace("", "12 Lý Thường Kiệt, Thành phố Hà Nội")).toBe("Hà Nội");
    expect(documentPlace("", "")).toBe("");
    expect(documentDateLine("Hải Dương", "ngày 20 tháng 11 năm 2021")).toBe("Hải Dương, ngày 20 tháng 11 năm 2021");
    expect(documentDateLine("", "ngày 20 tháng 11 năm 2021")).toBe("Ngày 20 tháng 11 năm 2021");
  });
});

import { describe, expect, it } from "vitest";
import { entrySearchText, searchKey, searchQuery, userSearchText } from "#app/domain/search.ts";

describe("searchKey", () => {
  it("ignores case, Vietnamese diacritics and đ", () => {
    expect(searchKey("Chuyển Đổi Số")).toBe("chuyen doi so");
    expect(searchKey("CHUYỂN ĐỔI")).toBe(searchKey("chuyen doi"));
    expect(searchKey("Đài PT-TH Hải Dương")).toBe("dai pt-th hai duong");
    expect(searchKey("Ưng Ỷ Ạ Ữ")).toBe("ung y a u");
  });
  it("treats decomposed (NFD) input like precomposed", () => {
    expect(searchKey("Chuyển đổi".normalize("NFD"))).toBe("chuyen doi");
  });
  it("collapses whitespace and keeps punctuation of codes and e-mails", () => {
    expect(searchKey("  BC-2026-001 \t  a.b@bao.vn ")).toBe("bc-2026-001 a.b@bao.vn");
  });
  it("keeps different words different", () => {
    expect(searchKey("Hải Dương")).not.toBe(searchKey("Hải Phòng"));
  });
});

describe("entrySearchText", () => {
  const text = entrySearchText({
    title: "Chuyển đổi số ở xã nông thôn mới",
    outlet: "Báo điện tử Hải Dương",
    authors: [
      { fullName: "Phạm Thu Hà", penName: "Thu Hà", email: "ha@bao.vn" },
      { fullName: "Vũ Đức Anh", penName: "", email: "" },
    ],
    parts: [{ url: "https://baohaiduong.vn/chuyen-doi" }],
  });
  it("holds every searchable field, normalised", () => {
    for (const q of [
      "chuyen doi",
      "CHUYỂN ĐỔI",
      "bao dien tu",
      "pham thu ha",
      "thu ha",
      "ha@bao.vn",
      "vu duc anh",
      "baohaiduong.vn/chuyen",
    ]) {
      expect(text.includes(searchQuery(q)), q).toBe(true);
    }
  });
  it("does not match across two fields", () => {
    expect(text.includes(searchQuery("moi bao"))).toBe(false);
  });
  it("skips empty fields", () => {
    expect(text.split("\n")).not.toContain("");
  });
});

describe("userSearchText", () => {
  it("holds name and e-mail", () => {
    expect(userSearchText({ name: "Trần Thị Giám Khảo", email: "gk1@demo.vn" })).toBe(
      "tran thi giam khao\ngk1@demo.vn",
    );
  });
});

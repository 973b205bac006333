import { describe, expect, it } from "vitest";
import { agencyKeyFor, checkAgency, findAgency, parseSpellings } from "#app/domain/agencies.ts";
import { detectConflict } from "#app/domain/assignments.ts";

const list = [
  {
    id: "hd",
    name: "Đài Phát thanh và Truyền hình Hải Dương",
    shortNames: ["Đài PT-TH Hải Dương", "HDTV"],
    aliases: ["Đài PTTH tỉnh Hải Dương"],
  },
  { id: "bhd", name: "Báo Hải Dương", shortNames: [], aliases: ["Báo HD"] },
];

describe("press-agency list", () => {
  it("gives every spelling of one agency the same key, and others their own", () => {
    const key = agencyKeyFor(list);
    expect(key("Đài PT-TH Hải Dương")).toBe(key("Đài Phát thanh và Truyền hình Hải Dương"));
    expect(key("dai ptth tinh hai duong")).toBe(key("HDTV"));
    expect(key("Báo HD")).toBe(key("BÁO HẢI DƯƠNG"));
    expect(key("Báo HD")).not.toBe(key("HDTV"));
    expect(key("Báo Nam Định")).toBe("bao nam dinh");
    expect(key("  ")).toBe("");
  });

  it("makes conflict detection match a short name with the full name of one agency", () => {
    const judge = { id: "j", email: "j@x.test", agency: "Đài PT-TH Hải Dương" };
    const entry = {
      id: "e",
      authors: [{ userId: null, email: "a@x.test", agency: "Đài Phát thanh và Truyền hình Hải Dương" }],
    };
    expect(detectConflict(judge, entry)).toBeNull();
    expect(detectConflict(judge, entry, agencyKeyFor(list))).toEqual({
      judgeId: "j",
      entryId: "e",
      reason: "same_agency",
      detail: "Đài Phát thanh và Truyền hình Hải Dương",
    });
    expect(detectConflict({ ...judge, agency: "Báo Hải Dương" }, entry, agencyKeyFor(list))).toBeNull();
  });

  it("finds the agency a text names and parses spellings one per line or by ';'", () => {
    expect(findAgency(list, "hdtv")?.id).toBe("hd");
    expect(findAgency(list, "Báo Khác")).toBeNull();
    expect(parseSpellings(" Đài PT-TH  Hải Dương \n\nHDTV; hdtv ;")).toEqual(["Đài PT-TH Hải Dương", "HDTV"]);
  });

  it("refuses an agency without a name or with a spelling that already means another agency", () => {
    expect(checkAgency({ name: " ", shortNames: [], aliases: [] }, list)).toEqual([{ code: "agency_name_required" }]);
    expect(checkAgency({ name: "Báo Mới", shortNames: ["hdtv"], aliases: [] }, list)).toEqual([
      {
        code: "agency_spelling_taken",
        params: { spelling: "hdtv", agency: "Đài Phát thanh và Truyền hình Hải Dương" },
      },
    ]);
    // Editing an agency may keep its own spellings.
    expect(
      checkAgency(
        { id: "hd", name: "Đài Phát thanh và Truyền hình Hải Dương", shortNames: ["HDTV"], aliases: [] },
        list,
      ),
    ).toEqual([]);
  });
});

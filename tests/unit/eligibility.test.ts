import { describe, expect, it } from "vitest";
import { checkEligibility, isOpenForChanges, type ContestRules } from "#app/domain/eligibility.ts";
import { EntryFormSchema, evenSharesBp, percentToBp, type EntryForm } from "#app/domain/entry-form.ts";

const contest: ContestRules = {
  phase: "OPEN",
  publicationStart: "2020-10-01",
  publicationEnd: "2021-10-01",
  submissionDeadline: "2021-11-10",
  timeZone: "Asia/Ho_Chi_Minh",
  maxPartsPerEntry: 5,
  maxAuthorsPerEntry: 5,
};
const online = {
  urlRequired: true,
  evidenceRules: [{ kind: "document" as const, mimeTypes: ["application/pdf"], maxBytes: 1e8 }],
};
const before = new Date("2021-11-10T16:59:59Z");

function entry(o: Partial<EntryForm> = {}): EntryForm {
  return {
    categoryId: "c",
    title: "T",
    summary: "",
    outlet: "Báo Hải Dương",
    kind: "SINGLE",
    parts: [{ title: "", publishedOn: "2021-05-01", url: "https://baohaiduong.vn/a" }],
    authors: [{ fullName: "A", penName: "", agency: "", email: "", sharePercent: 100 }],
    declaredOriginal: true,
    declaredOtherAward: false,
    otherAwardDetails: "",
    ...o,
  };
}
const rules = (e: EntryForm, now = before, files: { partIndex: number; mimeType: string }[] | null = null) =>
  checkEligibility(e, contest, online, now, files).map((i) => i.rule);

describe("eligibility", () => {
  it("accepts a complete single online work", () => {
    expect(rules(entry(), before, [{ partIndex: 0, mimeType: "application/pdf" }])).toEqual([]);
  });

  it("treats both ends of the publication window as inside", () => {
    expect(rules(entry({ parts: [{ title: "", publishedOn: "2020-10-01", url: "https://a.vn" }] }))).toEqual([]);
    expect(rules(entry({ parts: [{ title: "", publishedOn: "2021-10-01", url: "https://a.vn" }] }))).toEqual([]);
    expect(rules(entry({ parts: [{ title: "", publishedOn: "2020-09-30", url: "https://a.vn" }] }))).toEqual([
      "window",
    ]);
    expect(rules(entry({ parts: [{ title: "", publishedOn: "2021-10-02", url: "https://a.vn" }] }))).toEqual([
      "window",
    ]);
  });

  it("closes at the end of the deadline day in Vietnam, and when the contest is not open", () => {
    expect(rules(entry(), new Date("2021-11-10T17:00:00Z"))).toEqual(["deadline"]);
    expect(isOpenForChanges(contest, before)).toBe(true);
    expect(isOpenForChanges({ ...contest, phase: "CLOSED" }, before)).toBe(false);
    expect(checkEligibility(entry(), { ...contest, phase: "CLOSED" }, online, before, null).map((i) => i.rule)).toEqual(
      ["open"],
    );
  });

  it("requires a URL for online parts and accepted evidence for each part", () => {
    const e = entry({ parts: [{ title: "", publishedOn: "2021-05-01", url: "" }] });
    expect(rules(e, before, [{ partIndex: 0, mimeType: "video/mp4" }])).toEqual(["url", "evidence"]);
  });

  it("limits parts and authors and checks single/series shape", () => {
    const part = { title: "", publishedOn: "2021-05-01", url: "https://a.vn" };
    expect(rules(entry({ kind: "SERIES", parts: Array(6).fill(part) }))).toEqual(["maxParts"]);
    expect(rules(entry({ kind: "SERIES" }))).toEqual(["series"]);
    expect(rules(entry({ kind: "SINGLE", parts: [part, part] }))).toEqual(["single"]);
    const six = evenSharesBp(6).map((bp) => ({
      fullName: "X",
      penName: "",
      agency: "",
      email: "",
      sharePercent: bp / 100,
    }));
    expect(rules(entry({ authors: six }))).toEqual(["maxAuthors"]);
  });

  it("requires shares summing to exactly 100 % and the declarations", () => {
    const a = { fullName: "X", penName: "", agency: "", email: "" };
    expect(
      rules(
        entry({
          authors: [
            { ...a, sharePercent: 33.33 },
            { ...a, sharePercent: 33.33 },
            { ...a, sharePercent: 33.33 },
          ],
        }),
      ),
    ).toEqual(["shares"]);
    expect(
      rules(
        entry({
          authors: [
            { ...a, sharePercent: 33.34 },
            { ...a, sharePercent: 33.33 },
            { ...a, sharePercent: 33.33 },
          ],
        }),
      ),
    ).toEqual([]);
    expect(rules(entry({ declaredOriginal: false, declaredOtherAward: true }))).toEqual(["declaration", "otherAward"]);
  });

  it("splits shares evenly in basis points and converts percent exactly", () => {
    expect(evenSharesBp(3)).toEqual([3334, 3333, 3333]);
    expect(percentToBp(33.33)).toBe(3333);
    expect(percentToBp(0.29)).toBe(29);
  });

  it("validates the form shape with i18n keys", () => {
    const r = EntryFormSchema.safeParse({
      ...entry(),
      parts: [{ title: "", publishedOn: "2021-02-30", url: "ftp://x" }],
      authors: [{ fullName: "", sharePercent: 10.001 }],
    });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        "parts.0.publishedOn:validation.date",
        "parts.0.url:entry:v.url",
        "authors.0.fullName:validation.required",
        "authors.0.sharePercent:entry:v.share",
      ]),
    );
  });
});

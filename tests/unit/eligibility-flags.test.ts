import { describe, expect, it } from "vitest";
import {
  computeFlags,
  entryFlags,
  findDuplicates,
  normalizeUrl,
  type FlagCategory,
  type FlagContest,
  type FlagEntry,
} from "#app/domain/eligibility-flags.ts";

const contest: FlagContest = {
  publicationStart: "2020-10-01",
  publicationEnd: "2021-10-01",
  submissionDeadline: "2021-11-10",
  timeZone: "Asia/Ho_Chi_Minh",
  postmarkCounts: true,
  maxPartsPerEntry: 3,
  maxAuthorsPerEntry: 2,
};
const print: FlagCategory = {
  urlRequired: false,
  evidenceRules: [{ kind: "document", mimeTypes: ["application/pdf"], maxBytes: 1000 }],
};
const online: FlagCategory = { ...print, urlRequired: true };
const base: FlagEntry = {
  id: "e1",
  title: "Phóng sự về nông thôn mới",
  channel: "ONLINE",
  submittedAt: new Date("2021-11-10T16:59:59Z"),
  postmarkDate: null,
  receivedDate: null,
  parts: [{ publishedOn: "2021-03-15", url: "https://baohaiduong.vn/a" }],
  authorCount: 1,
  fileMimes: ["application/pdf"],
};

describe("entryFlags", () => {
  it("raises nothing for an entry that follows every rule", () => {
    expect(entryFlags(base, contest, online)).toEqual([]);
  });
  it("flags a part published a day outside the window, on either side", () => {
    expect(entryFlags({ ...base, parts: [{ publishedOn: "2020-09-30", url: "x" }] }, contest, print)).toContain(
      "part_outside_window",
    );
    expect(entryFlags({ ...base, parts: [{ publishedOn: "2021-10-02", url: "x" }] }, contest, print)).toContain(
      "part_outside_window",
    );
    expect(entryFlags({ ...base, parts: [{ publishedOn: "2021-10-01", url: "x" }] }, contest, print)).toEqual([]);
  });
  it("flags an online submission made after the deadline day ended in Hanoi time", () => {
    expect(entryFlags({ ...base, submittedAt: new Date("2021-11-10T17:00:00Z") }, contest, print)).toEqual([
      "late_submission",
    ]);
  });
  it("judges a mailed entry by its postmark: the deadline day is accepted, the next is not", () => {
    const mailed = { ...base, channel: "POSTAL" as const, fileMimes: [], receivedDate: "2021-11-20" };
    expect(entryFlags({ ...mailed, postmarkDate: "2021-11-10" }, contest, print)).toEqual([]);
    expect(entryFlags({ ...mailed, postmarkDate: "2021-11-11" }, contest, print)).toEqual(["postmark_after_deadline"]);
    expect(entryFlags({ ...mailed, postmarkDate: null }, contest, print)).toEqual(["missing_postmark"]);
    expect(entryFlags({ ...mailed, postmarkDate: "2021-11-01" }, { ...contest, postmarkCounts: false }, print)).toEqual(
      ["postmark_after_deadline"],
    );
  });
  it("flags missing evidence, a missing URL and too many parts or authors", () => {
    const e = {
      ...base,
      fileMimes: ["image/png"],
      parts: Array.from({ length: 4 }, () => ({ publishedOn: "2021-01-01", url: "" })),
      authorCount: 3,
    };
    expect(entryFlags(e, contest, online)).toEqual([
      "missing_evidence",
      "missing_url",
      "too_many_parts",
      "too_many_authors",
    ]);
  });
});

describe("findDuplicates", () => {
  it("treats URLs that differ only by scheme, www., case of host or trailing slash as the same", () => {
    expect(normalizeUrl("http://WWW.BaoHaiDuong.vn/bai-1/")).toBe(normalizeUrl("https://baohaiduong.vn/bai-1"));
    const d = findDuplicates([
      { id: "a", title: "Một", urls: ["http://www.baohaiduong.vn/bai-1/"] },
      { id: "b", title: "Hai", urls: ["https://baohaiduong.vn/bai-1"] },
      { id: "c", title: "Ba", urls: ["https://baohaiduong.vn/bai-2"] },
    ]);
    expect([...d.keys()].sort()).toEqual(["a", "b"]);
    expect(d.get("a")).toEqual(new Set(["duplicate_url"]));
  });
  it("finds titles equal after normalisation or one typo apart, and leaves different titles alone", () => {
    const d = findDuplicates([
      { id: "a", title: "Hải Dương vượt khó, tăng tốc phát triển", urls: [] },
      { id: "b", title: "hai duong vuot kho tang toc phat trien", urls: [] },
      { id: "c", title: "Hải Dương vượt khó, tăng tốc phát triểnn", urls: [] },
      { id: "d", title: "Hải Dương chống dịch Covid-19 thành công", urls: [] },
      { id: "e", title: "Ngắn", urls: [] },
      { id: "f", title: "Ngắm", urls: [] },
      { id: "g", title: "Hải Dương vượt khó, tăng tốc phát trien xa", urls: [] },
    ]);
    expect([...d.keys()].sort()).toEqual(["a", "b", "c"]);
  });
  it("never calls two numbered works duplicates because their numbers differ", () => {
    const d = findDuplicates([
      { id: "a", title: "Phóng sự chống dịch số 12", urls: [] },
      { id: "b", title: "Phóng sự chống dịch số 13", urls: [] },
      { id: "c", title: "Phóng sự chống dịch số 123", urls: [] },
      { id: "d", title: "Phóng sự chông dịch số 12", urls: [] },
      { id: "e", title: "Phóng sự chốnq dịch số 13", urls: [] },
    ]);
    expect([...d.keys()].sort()).toEqual(["a", "b", "d", "e"]);
    expect(d.get("a")).toEqual(new Set(["duplicate_title"]));
  });
  it("finds no duplicate among 10,000 distinct numbered titles and URLs (speed: tests/bench)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      id: `e${i}`,
      title: `Phóng sự nông thôn mới số ${i}`,
      urls: [`https://bao.vn/${i}`],
    }));
    many.push({ id: "dup", title: "Phong su nong thon moi so 77", urls: [] });
    expect([...findDuplicates(many).keys()].sort()).toEqual(["dup", "e77"]);
    // Correctness at scale only; the time is measured by the benches. A busy CI core may take >5 s.
  }, 30_000);
  it("orders flags as FLAG_CODES and combines own and duplicate flags", () => {
    const m = computeFlags(
      [
        { ...base, id: "x", category: print, authorCount: 5 },
        { ...base, id: "y", title: "Khác hẳn", category: print },
      ],
      contest,
    );
    expect(m.get("x")).toEqual(["too_many_authors", "duplicate_url"]);
    expect(m.get("y")).toEqual(["duplicate_url"]);
  });
});

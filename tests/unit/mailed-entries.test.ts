import { describe, expect, it } from "vitest";
import {
  checkCsv,
  parseCoAuthors,
  parsePartsText,
  type CsvRecord,
  type MailedRules,
} from "#app/domain/mailed-entries.ts";

const rules: MailedRules = {
  categoryCodes: ["print", "online"],
  deadline: "2021-11-10",
  postmarkCounts: true,
  maxPartsPerEntry: 3,
  maxAuthorsPerEntry: 5,
  publicationStart: "2020-10-01",
  publicationEnd: "2021-10-01",
  today: "2021-11-20",
};
const header =
  "category,title,outlet,postmark_date,received_date,email,full_name,pen_name,agency,phone,published_on,url,summary".split(
    ",",
  );
const rec = (line: number, fields: string[]): CsvRecord => ({ line, fields });
const row = (over: Partial<Record<string, string>> = {}) => {
  const v: Record<string, string> = {
    category: "print",
    title: "Phóng sự nông thôn",
    outlet: "Báo Hải Dương",
    postmark_date: "10/11/2021",
    received_date: "12/11/2021",
    email: "An@Example.test",
    full_name: "Nguyễn Văn An",
    pen_name: "",
    agency: "Báo Hải Dương",
    phone: "",
    published_on: "15/03/2021",
    url: "",
    summary: "",
    ...over,
  };
  return header.map((h) => v[h]!);
};

describe("checkCsv", () => {
  it("accepts a good file, reading dd/mm/yyyy and ISO dates and a series", () => {
    const r = checkCsv(
      [
        rec(1, header),
        rec(2, row()),
        rec(
          3,
          row({ title: "Loạt bài", published_on: "2021-01-02; 2021-01-09", url: "https://a.vn/1;https://a.vn/2" }),
        ),
      ],
      rules,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      line: 2,
      postmarkDate: "2021-11-10",
      receivedDate: "2021-11-12",
      email: "an@example.test",
    });
    expect(r.rows[1]!.parts).toEqual([
      { publishedOn: "2021-01-02", url: "https://a.vn/1" },
      { publishedOn: "2021-01-09", url: "https://a.vn/2" },
    ]);
  });
  it("reports every bad row with its line and reason", () => {
    const r = checkCsv(
      [
        rec(1, header),
        rec(2, row({ title: "Bài gửi muộn", postmark_date: "11/11/2021" })),
        rec(3, row()),
        rec(4, row({ category: "tv", email: "khong-phai-email" })),
        rec(6, row({ received_date: "31/02/2021" })),
        rec(7, row({ title: "Phóng sự nông thôn" })),
        rec(8, ["print", "thiếu cột"]),
      ],
      rules,
    );
    expect(r.errors).toEqual([
      { line: 2, code: "postmarkLate" },
      { line: 4, code: "category", params: { value: "tv" } },
      { line: 4, code: "email", params: { value: "khong-phai-email" } },
      { line: 6, code: "receivedDate", params: { value: "31/02/2021" } },
      { line: 7, code: "duplicateRow", params: { value: 3 } },
      { line: 8, code: "columnCount", params: { value: "2/13" } },
    ]);
  });
  it("refuses a header without the required columns or with unknown ones", () => {
    expect(checkCsv([rec(1, ["title"])], rules).errors[0]).toMatchObject({
      code: "missingColumns",
      params: { value: expect.stringMatching(/^category, postmark_date/) },
    });
    expect(checkCsv([rec(1, [...header, "extra"]), rec(2, [...row(), ""])], rules).errors).toEqual([
      { line: 1, code: "unknownColumns", params: { value: "extra" } },
    ]);
    expect(checkCsv([], rules).errors).toEqual([{ line: 1, code: "empty" }]);
  });
  it("refuses a received date before the postmark or in the future, and too many parts", () => {
    const r = checkCsv(
      [
        rec(1, header),
        rec(2, row({ received_date: "09/11/2021", published_on: "2021-01-01;2021-01-02;2021-01-03;2021-01-04" })),
        rec(3, row({ title: "B", received_date: "21/11/2021" })),
      ],
      rules,
    );
    expect(r.errors.map((e) => `${e.line}:${e.code}:${JSON.stringify(e.params ?? {})}`)).toEqual([
      '2:tooManyParts:{"value":3}',
      "2:receivedBeforePostmark:{}",
      "3:receivedInFuture:{}",
    ]);
  });
  it("refuses a row with a part published outside the window, with the online rule's parameters", () => {
    const r = checkCsv([rec(1, header), rec(2, row({ published_on: "2021-09-30; 2021-10-02" }))], rules);
    expect(r.errors).toEqual([
      {
        line: 2,
        code: "rule",
        rule: "window",
        params: { part: 2, date: "2021-10-02", start: "2020-10-01", end: "2021-10-01" },
      },
    ]);
    expect(r.rows).toEqual([]);
  });
});

describe("mailed co-authors", () => {
  const withCo = [...header, "share", "co_authors"];
  const coRow = (share: string, co: string) => [...row(), share, co];
  it("reads co-authors with shares and applies the online rule: shares add up to 100 %", () => {
    const ok = checkCsv(
      [
        rec(1, withCo),
        rec(2, coRow("50", "Trần Thị Bình | binh@example.test | Đài PT-TH Hải Dương | 30; Lê Văn Cường |  |  | 20")),
      ],
      rules,
    );
    expect(ok.errors).toEqual([]);
    expect(ok.rows[0]).toMatchObject({
      sharePercent: 50,
      coAuthors: [
        { fullName: "Trần Thị Bình", email: "binh@example.test", agency: "Đài PT-TH Hải Dương", sharePercent: 30 },
        { fullName: "Lê Văn Cường", email: "", agency: "", sharePercent: 20 },
      ],
    });
    // An empty share is what the co-authors leave.
    expect(checkCsv([rec(1, withCo), rec(2, coRow("", "Trần Thị Bình||| 33,33"))], rules).rows[0]).toMatchObject({
      sharePercent: 66.67,
    });
    const bad = checkCsv([rec(1, withCo), rec(2, coRow("60", "Trần Thị Bình||| 30"))], rules);
    expect(bad.errors).toEqual([{ line: 2, code: "rule", rule: "shares", params: { total: 90 } }]);
  });
  it("refuses more authors than the contest allows, and a co-author that cannot be read", () => {
    const six = Array.from({ length: 5 }, (_, i) => `Tác giả ${i}||| 10`).join(";");
    expect(checkCsv([rec(1, withCo), rec(2, coRow("50", six))], rules).errors).toEqual([
      { line: 2, code: "rule", rule: "maxAuthors", params: { max: 5, count: 6 } },
    ]);
    expect(
      checkCsv([rec(1, withCo), rec(2, coRow("50", "Trần Thị Bình | không-phải-email || 50"))], rules).errors,
    ).toEqual([{ line: 2, code: "coAuthor", params: { value: "Trần Thị Bình | không-phải-email || 50" } }]);
    expect(parseCoAuthors("A||| 50\nB||| abc", /\n/)).toEqual({ ok: false, bad: "B||| abc" });
  });
});

describe("parsePartsText", () => {
  it("reads one date and optional URL per line and refuses a bad line", () => {
    expect(parsePartsText("15/03/2021 https://a.vn/x\n\n2021-04-01")).toEqual([
      { publishedOn: "2021-03-15", url: "https://a.vn/x" },
      { publishedOn: "2021-04-01", url: "" },
    ]);
    expect(parsePartsText("32/03/2021")).toBeNull();
    expect(parsePartsText("15/03/2021 ftp://x")).toBeNull();
  });
});

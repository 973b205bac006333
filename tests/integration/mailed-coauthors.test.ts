import { describe, expect, it } from "vitest";
import { importMailedCsv, registerMailedEntry } from "#app/server/organizer/mailed.server.ts";
import { csvErrorText } from "#app/server/organizer/messages.server.ts";
import { testEngine, useTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";

describe(`mailed entries with co-authors on ${testEngine}`, () => {
  const t = useTestDb({ now: "2021-11-20T03:00:00Z" });

  const header =
    "category,title,outlet,postmark_date,received_date,email,full_name,pen_name,agency,phone,published_on,url,summary,share,co_authors";

  it("registers co-authors with their shares from the CSV, and refuses shares that do not add up to 100 % (the online sentence)", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const bad = `${header}\nprint,Bài nhóm,Báo Hải Dương,10/11/2021,12/11/2021,chinh@example.test,Nguyễn Văn Chính,,Báo Hải Dương,,15/03/2021,,,60,Trần Thị Phụ||Báo Hải Dương|30\n`;
    const refused = await importMailedCsv(t.db, contest, bad, organizer.id);
    expect(refused.errors.map((e) => `${e.line}: ${csvErrorText(e)}`)).toEqual([
      "2: [Tỷ lệ hưởng giải] Tổng tỷ lệ phải đúng 100 % (đang là 90 %).",
    ]);
    expect(refused.errors[0]).toEqual({ line: 2, code: "rule", rule: "shares", params: { total: 90 } });
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);

    const good = bad.replace(",60,", ",50,").replace("|30", "|30;Lê Văn Ba|ba@example.test||20");
    const r = await importMailedCsv(t.db, contest, good, organizer.id);
    expect(r.errors).toEqual([]);
    const entry = await t.db.entry.findFirstOrThrow({
      where: { contestId: contest.id },
      include: { authors: { orderBy: { position: "asc" } } },
    });
    expect(entry.authors.map((a) => [a.position, a.fullName, a.email, a.agency, a.shareBp])).toEqual([
      [1, "Nguyễn Văn Chính", "chinh@example.test", "Báo Hải Dương", 5000],
      [2, "Trần Thị Phụ", "", "Báo Hải Dương", 3000],
      [3, "Lê Văn Ba", "ba@example.test", "", 2000],
    ]);
  });

  it("registers a form entry with co-authors, and refuses more authors than the contest allows", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const base = {
      categoryCode: "print",
      title: "Phóng sự nhóm",
      outlet: "Báo Hải Dương",
      summary: "",
      postmarkDate: "2021-11-10" as const,
      receivedDate: "2021-11-12" as const,
      email: "nhom@example.test",
      fullName: "Phạm Nhóm",
      penName: "",
      agency: "",
      phone: "",
      parts: [{ publishedOn: "2021-05-01" as const, url: "" }],
    };
    const many = Array.from({ length: contest.maxAuthorsPerEntry }, (_, i) => ({
      fullName: `Đồng tác giả ${i + 1}`,
      email: "",
      agency: "",
      sharePercent: 10,
    }));
    const tooMany = await registerMailedEntry(
      t.db,
      contest,
      { ...base, sharePercent: 100 - 10 * many.length, coAuthors: many },
      organizer.id,
    );
    expect(tooMany).toMatchObject({
      ok: false,
      errors: [
        {
          code: "rule",
          rule: "maxAuthors",
          params: { max: contest.maxAuthorsPerEntry, count: contest.maxAuthorsPerEntry + 1 },
        },
      ],
    });
    const ok = await registerMailedEntry(
      t.db,
      contest,
      { ...base, sharePercent: 66.67, coAuthors: [{ fullName: "Hồ Phụ", email: "", agency: "", sharePercent: 33.33 }] },
      organizer.id,
    );
    expect(ok).toMatchObject({ ok: true });
    const authors = await t.db.entryAuthor.findMany({
      where: { entry: { contestId: contest.id } },
      orderBy: { position: "asc" },
    });
    expect(authors.map((a) => a.shareBp)).toEqual([6667, 3333]);
  });
});

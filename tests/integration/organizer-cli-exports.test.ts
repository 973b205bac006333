import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run as importEntries } from "#app/cli/commands/import-entries.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { exportCsv, exportXlsx } from "#app/server/organizer/exports.server.ts";
import { listEntries, EntryFiltersSchema } from "#app/server/organizer/entries.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, useTestDbForRoutes } from "#tests/support/organizer.ts";

describe(`import-entries CLI, entries table and exports on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    setNow("2021-11-20T03:00:00Z");
  });
  afterAll(async () => {
    setNow(null);
    releaseTestDbForRoutes();
    await t?.close();
  });

  it("imports a good CSV from the command line and refuses a bad one with line numbers", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print", "radio"] });
    const organizer = await makeUser(t.db, {
      email: "btc-cli@example.test",
      roles: [{ role: "ORGANIZER", contestId: contest.id }],
    });
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((m: string) => void out.push(m));
    const err = vi.spyOn(console, "error").mockImplementation((m: string) => void out.push(m));
    try {
      expect(await importEntries(["--contest", contest.slug, "tests/fixtures/mailed-entries-bad.csv"])).toBe(1);
      expect(out).toEqual([
        "Tệp có 4 lỗi, chưa nhập tác phẩm nào:",
        "  dòng 3: Dấu bưu điện sau hạn cuối nhận tác phẩm: không được nhận.",
        '  dòng 4: Nhóm giải "tv" không có trong giải này.',
        '  dòng 4: Email "khong-phai-email" không hợp lệ.',
        '  dòng 5: Ngày nhận "31/02/2021" không hợp lệ (dd/mm/yyyy).',
      ]);
      expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);
      // Issue 10: the same refusal in English with --lang en, and with LANG=en_… alone.
      out.length = 0;
      expect(
        await importEntries(["--lang", "en", "--contest", contest.slug, "tests/fixtures/mailed-entries-bad.csv"]),
      ).toBe(1);
      expect(out[0]).toBe("The file has 4 error(s); no entry was imported:");
      expect(out[2]).toBe('  line 4: Category "tv" does not exist in this contest.');
      expect(out.join("\n")).not.toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]/i);
      out.length = 0;
      const lang = process.env.LANG;
      process.env.LANG = "en_GB.UTF-8";
      try {
        expect(await importEntries(["--contest", "khong-co", "tests/fixtures/mailed-entries-good.csv"])).toBe(2);
      } finally {
        process.env.LANG = lang;
      }
      expect(out).toEqual(['No contest "khong-co".']);
      out.length = 0;
      expect(
        await importEntries([
          "--contest",
          contest.slug,
          "--as",
          "btc-cli@example.test",
          "tests/fixtures/mailed-entries-good.csv",
        ]),
      ).toBe(0);
      expect(out).toEqual(["Đã nhập 2 tác phẩm gửi qua bưu điện: BI-001, BN-001"]);
      expect(
        (await t.db.entry.findFirstOrThrow({ where: { contestId: contest.id, code: "BI-001" } })).registeredById,
      ).toBe(organizer.id);
      expect(await importEntries(["--contest", "khong-co", "tests/fixtures/mailed-entries-good.csv"])).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });

  it("refuses from the command line a CSV whose row has a part published outside the window, with its line", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print", "radio"] });
    await makeUser(t.db, {
      email: "btc-cli-window@example.test",
      roles: [{ role: "ORGANIZER", contestId: contest.id }],
    });
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((m: string) => void out.push(m));
    const err = vi.spyOn(console, "error").mockImplementation((m: string) => void out.push(m));
    try {
      expect(await importEntries(["--contest", contest.slug, "tests/fixtures/mailed-entries-window.csv"])).toBe(1);
      expect(out).toEqual([
        "Tệp có 1 lỗi, chưa nhập tác phẩm nào:",
        "  dòng 3: [Thời gian đăng, phát] Kỳ 2 ngày 05/10/2021 nằm ngoài khoảng 01/10/2020 – 01/10/2021.",
      ]);
      expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });

  it("searches, filters and sorts the entries table, and exports entries and authors", async () => {
    const contest = await makeContest(t.db, { categories: ["print", "online"] });
    const j = await makeUser(t.db);
    const print = contest.category("print").id;
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: j.id,
      code: "BI-001",
      title: "Mùa vải thiều",
      authors: [{ fullName: "Phạm Thị Hoa", penName: "Hoa Vải", agency: "Báo Hải Dương", shareBp: 10_000 }],
    });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: j.id,
      code: "BI-002",
      title: '=HYPERLINK("x")',
      status: "ELIGIBLE",
      parts: [{ publishedOn: "2021-02-02", url: "https://baohaiduong.vn/bai-ba" }],
    });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("online").id,
      submitterId: j.id,
      code: "DT-001",
      title: "Chuyển đổi số",
      channel: "POSTAL",
      postmarkDate: "2021-11-09",
    });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: j.id,
      code: null,
      title: "Bản nháp",
      status: "DRAFT",
    });
    const q = (o: Record<string, string>) =>
      listEntries(t.db, contest.id, EntryFiltersSchema.parse(o)).then((r) => r.rows.map((x) => x.code));
    expect(await q({})).toEqual(["BI-001", "BI-002", "DT-001"]);
    expect(await q({ q: "hoa vải" })).toEqual(["BI-001"]);
    expect(await q({ q: "baohaiduong.vn/bai" })).toEqual(["BI-002"]);
    expect(await q({ status: "ELIGIBLE" })).toEqual(["BI-002"]);
    expect(await q({ channel: "POSTAL" })).toEqual(["DT-001"]);
    expect(await q({ category: "online" })).toEqual(["DT-001"]);
    // The flag filters (array operators on the GIN index): none flagged, then two of three.
    expect(await q({ flag: "any" })).toEqual([]);
    await t.db.entry.updateMany({ where: { contestId: contest.id, code: "BI-001" }, data: { flags: ["missing_url"] } });
    await t.db.entry.updateMany({
      where: { contestId: contest.id, code: "DT-001" },
      data: { flags: ["late_submission", "missing_url"] },
    });
    expect(await q({ flag: "any" })).toEqual(["BI-001", "DT-001"]);
    expect(await q({ flag: "missing_url" })).toEqual(["BI-001", "DT-001"]);
    expect(await q({ flag: "late_submission" })).toEqual(["DT-001"]);
    expect(await q({ flag: "duplicate_title" })).toEqual([]);
    await t.db.entry.updateMany({ where: { contestId: contest.id }, data: { flags: [] } });
    // Where "=" sorts depends on the server's collation; the letters' order does not.
    expect((await q({ sort: "title", dir: "desc" })).filter((c) => c !== "BI-002")).toEqual(["BI-001", "DT-001"]);
    expect(await q({ sort: "code", dir: "desc", size: "10", page: "1" })).toEqual(["DT-001", "BI-002", "BI-001"]);

    const csv = await exportCsv(t.db, contest.id, "entries");
    expect(csv.startsWith("\ufeffMã,Nhóm giải,Tên tác phẩm")).toBe(true);
    expect(csv).toContain('\'=HYPERLINK(""x"")');
    expect(csv).not.toContain("Bản nháp");
    const authors = await exportCsv(t.db, contest.id, "authors");
    expect(authors).toContain("BI-001,1,Phạm Thị Hoa,Hoa Vải,Báo Hải Dương,,100");
    const wb = new ExcelJS.Workbook();
    // exceljs's typings predate Node's generic Buffer.
    await wb.xlsx.load((await exportXlsx(t.db, contest.id)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tác phẩm", "Tác giả"]);
    expect(wb.getWorksheet("Tác phẩm")!.rowCount).toBe(4);
    expect(wb.getWorksheet("Tác phẩm")!.getRow(4).getCell(1).value).toBe("DT-001");
  });
});

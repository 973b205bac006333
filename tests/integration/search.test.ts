/**
 * Issue 12: search ignores case and Vietnamese diacritics on PGlite and PostgreSQL alike, for the
 * organizer's entries list, the judges list and the audit log. Rows are written through the real
 * services (saving a draft, registering a mailed entry, inviting a judge, erasing an account), and
 * the migration's backfill gives existing rows the same text as the services do.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entrySearchText, userSearchText } from "#app/domain/search.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { EntryFiltersSchema, listEntries } from "#app/server/organizer/entries.server.ts";
import { inviteJudge, listJudges } from "#app/server/organizer/judges.server.ts";
import { registerMailedEntry } from "#app/server/organizer/mailed.server.ts";
import { auditLog, AuditFiltersSchema } from "#app/server/organizer/oversight.server.ts";
import { eraseAccount } from "#app/server/shared/personal-data.server.ts";
import { DEFAULT_MIGRATIONS_DIR } from "#prisma/migrator.ts";
import { makeContest, makeUser, TEST_PASSWORD, tvSeriesForm } from "#tests/support/kit.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";

describe(`diacritics-insensitive search on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let organizerId: string;
  const titles = async (q: string) =>
    (await listEntries(t.db, contest.id, EntryFiltersSchema.parse({ q }))).rows.map((r) => r.title).sort();

  beforeAll(async () => {
    setNow("2021-11-01T03:00:00Z");
    t = await createTestDb();
    contest = await makeContest(t.db, { categories: ["print", "tv"] });
    organizerId = (
      await makeUser(t.db, { name: "Nguyễn Văn Tổ Chức", roles: [{ role: "ORGANIZER", contestId: contest.id }] })
    ).id;
    const journalist = await makeUser(t.db, { name: "Phạm Thu Hà", email: "thuha@example.test" });
    const tv = contest.category("tv").id;
    for (const title of ["Chuyển đổi số ở xã nông thôn mới", "CHUYỂN ĐỔI xanh", "Hải Dương vượt khó"]) {
      const { id } = await saveEntry(t.db, {
        userId: journalist.id,
        contestId: contest.id,
        form: { ...tvSeriesForm(tv), title },
      });
      // Fixture: the submission step itself is covered by submission tests; the search only needs a listed entry.
      await t.db.entry.update({ where: { id }, data: { status: "SUBMITTED", code: `TH-${title.length}` } });
    }
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  it("finds entries whatever the case and diacritics of the query", async () => {
    const both = ["CHUYỂN ĐỔI xanh", "Chuyển đổi số ở xã nông thôn mới"];
    expect(await titles("chuyển đổi")).toEqual(both);
    expect(await titles("chuyen doi")).toEqual(both);
    expect(await titles("CHUYEN DOI")).toEqual(both);
    expect(await titles("Chuyên Đôi")).toEqual(both);
    expect(await titles("hai duong vuot")).toEqual(["Hải Dương vượt khó"]);
    // Authors (name, pen name, e-mail) and the outlet are searched too.
    expect(await titles("tran thi binh")).toHaveLength(3);
    expect(await titles("dai pt-th")).toHaveLength(3);
    expect(await titles("chuyen doi so xanh")).toEqual([]);
  });

  it("finds a saved change at once, and a mailed entry registered by the organizer", async () => {
    const [row] = (await listEntries(t.db, contest.id, EntryFiltersSchema.parse({ q: "hai duong vuot kho" }))).rows;
    const journalist = await t.db.entry.findUniqueOrThrow({ where: { id: row!.id }, select: { submitterId: true } });
    await t.db.entry.update({ where: { id: row!.id }, data: { status: "DRAFT" } });
    await saveEntry(t.db, {
      userId: journalist.submitterId,
      contestId: contest.id,
      entryId: row!.id,
      form: { ...tvSeriesForm(contest.category("tv").id), title: "Đồng bằng sông Hồng" },
    });
    await t.db.entry.update({ where: { id: row!.id }, data: { status: "SUBMITTED" } });
    expect(await titles("hai duong vuot")).toEqual([]);
    expect(await titles("dong bang song hong")).toEqual(["Đồng bằng sông Hồng"]);

    await t.db.contest.update({ where: { id: contest.id }, data: { phase: "CLOSED" } });
    setNow("2021-11-15T03:00:00Z");
    const mailed = await registerMailedEntry(
      t.db,
      await t.db.contest.findUniqueOrThrow({ where: { id: contest.id } }),
      {
        categoryCode: "print",
        title: "Người giữ nghề gốm Cậy",
        outlet: "Báo Hải Dương",
        summary: "",
        postmarkDate: "2021-11-10",
        receivedDate: "2021-11-12",
        email: "gom@example.test",
        fullName: "Ngô Thị Ửng",
        penName: "",
        agency: "",
        phone: "",
        parts: [{ publishedOn: "2021-05-01", url: "" }],
      },
      organizerId,
    );
    await t.db.contest.update({ where: { id: contest.id }, data: { phase: "OPEN" } });
    setNow("2021-11-01T03:00:00Z");
    expect(mailed).toMatchObject({ ok: true });
    expect(await titles("nghe gom cay")).toEqual(["Người giữ nghề gốm Cậy"]);
    expect(await titles("ngo thi ung")).toEqual(["Người giữ nghề gốm Cậy"]);
    // The code is searched as typed, in any case.
    expect(await titles((mailed as { code: string }).code.toLowerCase())).toEqual(["Người giữ nghề gốm Cậy"]);
  });

  it("keeps the length limit on q", () => {
    expect(EntryFiltersSchema.safeParse({ q: "a".repeat(201) }).success).toBe(false);
    expect(AuditFiltersSchema.safeParse({ actor: "a".repeat(201) }).success).toBe(false);
  });

  it("finds judges by name or e-mail without diacritics, and the audit log by actor", async () => {
    await inviteJudge(t.db, contest, {
      email: "gk.khao@example.test",
      name: "Trần Thị Giám Khảo",
      agency: "",
      categoryIds: [],
      roundIds: [],
      actorId: organizerId,
    });
    await inviteJudge(t.db, contest, {
      email: "lvd@example.test",
      name: "Lê Văn Định",
      agency: "",
      categoryIds: [],
      roundIds: [],
      actorId: organizerId,
    });
    const names = async (q: string) => (await listJudges(t.db, contest.id, q)).map((j) => j.name).sort();
    expect(await names("")).toEqual(["Lê Văn Định", "Trần Thị Giám Khảo"]);
    expect(await names("giam khao")).toEqual(["Trần Thị Giám Khảo"]);
    expect(await names("DINH")).toEqual(["Lê Văn Định"]);
    expect(await names("lvd@")).toEqual(["Lê Văn Định"]);

    const actors = async (actor: string) =>
      new Set((await auditLog(t.db, contest.id, AuditFiltersSchema.parse({ actor }))).rows.map((r) => r.actor));
    expect(await actors("to chuc")).toEqual(new Set(["Nguyễn Văn Tổ Chức"].map((n) => expect.stringContaining(n))));
    expect((await auditLog(t.db, contest.id, AuditFiltersSchema.parse({ actor: "TỔ CHỨC" }))).total).toBeGreaterThan(0);
    expect(
      (await auditLog(t.db, contest.id, AuditFiltersSchema.parse({ actor: "pham thu ha" }))).total,
    ).toBeGreaterThan(0);
  });

  it("forgets an erased person's names in the search text", async () => {
    const erased = await makeUser(t.db, { name: "Đỗ Xoá Tên", email: "xoa@example.test" });
    const { id } = await saveEntry(t.db, {
      userId: erased.id,
      contestId: contest.id,
      form: {
        ...tvSeriesForm(contest.category("tv").id),
        title: "Bài sẽ nộp",
        authors: [{ fullName: "Đỗ Xoá Tên", penName: "", agency: "", email: "xoa@example.test", sharePercent: 100 }],
      },
    });
    await t.db.entry.update({ where: { id }, data: { status: "SUBMITTED", code: "TH-XOA" } });
    expect(await titles("do xoa ten")).toEqual(["Bài sẽ nộp"]);
    expect(
      await eraseAccount(t.db, { userId: erased.id, password: TEST_PASSWORD, erasedLabel: "Tác giả đã xoá" }),
    ).toMatchObject({ ok: true });
    expect(await titles("do xoa ten")).toEqual([]);
    expect(await titles("xoa@example")).toEqual([]);
  });

  it("the migration's backfill writes the same search text as the services", async () => {
    const sql = fs.readFileSync(`${DEFAULT_MIGRATIONS_DIR}/20261201133407_search_text/migration.sql`, "utf8");
    const backfill = sql.slice(sql.indexOf("-- Backfill"));
    await t.db.$executeRawUnsafe(`UPDATE "Entry" SET "searchText" = ''`);
    await t.db.$executeRawUnsafe(`UPDATE "User" SET "searchText" = ''`);
    // Statements one at a time: the PostgreSQL adapter prepares each call.
    for (const stmt of backfill
      .split(/;\s*\n/)
      .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
      .filter(Boolean))
      await t.db.$executeRawUnsafe(stmt);
    const entries = await t.db.entry.findMany({
      select: {
        searchText: true,
        title: true,
        outlet: true,
        authors: { orderBy: { position: "asc" } },
        parts: { orderBy: { position: "asc" } },
      },
    });
    expect(entries.length).toBeGreaterThanOrEqual(5);
    for (const e of entries) expect(e.searchText).toBe(entrySearchText(e));
    const users = await t.db.user.findMany({ select: { name: true, email: true, searchText: true } });
    for (const u of users) expect(u.searchText).toBe(userSearchText(u));
    expect(await titles("chuyen doi")).toHaveLength(2);
  });
});

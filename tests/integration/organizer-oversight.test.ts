import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loader as rootLoader } from "#app/root.tsx";
import { setNow } from "#app/server/shared/clock.server.ts";
import { localStorage, setStorage } from "#app/server/shared/storage.server.ts";
import { auditLog, AuditFiltersSchema, dashboard } from "#app/server/organizer/oversight.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { requestScope } from "#app/server/shared/request-scope.server.ts";
import { decideEligibility, EntryFiltersSchema, listEntries } from "#app/server/organizer/entries.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { assign, makeContest, makeEntry, makeFile, makeScore, makeUser } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

/** Runs `f` in one GET request's scope, as a page's loaders run (request-scope.server.ts). */
function inScope<T>(f: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    requestScope({ method: "GET" }, null, () => void f().then(resolve, reject)),
  );
}

describe(`organizer oversight on ${testEngine}`, () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-org-files-"));
    setStorage(localStorage(dir));
  });
  afterAll(async () => {
    setStorage(null);
    releaseTestDbForRoutes();
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it("counts entries per category and status, per day in the contest's zone, and judge progress from scores", async () => {
    const contest = await makeContest(t.db, { categories: ["print", "radio"] });
    const j = await makeUser(t.db);
    const judge = await makeUser(t.db, {
      name: "Giám khảo Tiến Độ",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const print = contest.category("print").id;
    // 23:30 in Hanoi on 10/11 is 16:30 UTC the same day; 17:30 UTC is already 11/11 in Hanoi.
    const a = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: j.id,
      status: "ELIGIBLE",
      submittedAt: new Date("2021-11-10T16:30:00Z"),
    });
    const b = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: j.id,
      status: "ELIGIBLE",
      submittedAt: new Date("2021-11-09T17:30:00Z"),
    });
    const c = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("radio").id,
      submitterId: j.id,
      status: "SUBMITTED",
    });
    await makeEntry(t.db, { contestId: contest.id, categoryId: print, submitterId: j.id, status: "DRAFT", code: null });
    const round = contest.rounds[0]!;
    await assign(t.db, round.id, [a.id, b.id], [judge.id]);
    await makeScore(t.db, { roundId: round.id, entryId: a.id, judgeId: judge.id, values: [], status: "SUBMITTED" });
    await makeScore(t.db, { roundId: round.id, entryId: b.id, judgeId: judge.id, values: [], status: "DRAFT" });
    // A sheet kept for the record after its assignment was removed (a recusal) is no progress.
    await makeScore(t.db, { roundId: round.id, entryId: c.id, judgeId: judge.id, values: [], status: "SUBMITTED" });

    const d = await dashboard(t.db, contest.id, contest.timeZone);
    expect(d.categories.map((c) => [c.nameVi, c.counts])).toEqual([
      ["Báo in", { DRAFT: 1, SUBMITTED: 0, ELIGIBLE: 2, INELIGIBLE: 0, WITHDRAWN: 0 }],
      ["Báo nói", { DRAFT: 0, SUBMITTED: 1, ELIGIBLE: 0, INELIGIBLE: 0, WITHDRAWN: 0 }],
    ]);
    expect(d.perDay).toEqual([
      { day: "2021-11-01", n: 1 },
      { day: "2021-11-10", n: 2 },
    ]);
    expect(d.rounds[0]!.judges).toEqual([{ judgeId: judge.id, name: "Giám khảo Tiến Độ", assigned: 2, submitted: 1 }]);
  });

  it("gives the dashboard the same contest and figures with the layout (one statement) or alone, and nothing to a non-organizer", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const j = await makeUser(t.db);
    await makeEntry(t.db, { contestId: contest.id, categoryId: contest.category("print").id, submitterId: j.id });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const other = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: (await makeContest(t.db)).id }] });
    const request = async (userId: string) =>
      new Request(`http://localhost/organizer/${contest.slug}`, {
        headers: { cookie: await sessionCookie(t.db, userId) },
      });
    const req = await request(organizer.id);
    // As on a page: the layout's and the dashboard's loaders ask in the same request scope.
    const [layout, page] = await inScope(() =>
      Promise.all([
        loadOrganizedContest(req, contest.slug),
        loadOrganizedContest(req, contest.slug, { dashboard: true }),
      ]),
    );
    const row = await t.db.contest.findUniqueOrThrow({ where: { slug: contest.slug } });
    expect(layout.contest).toEqual(row);
    expect(page.contest).toEqual(row);
    expect(page.dashboard).toEqual(await dashboard(t.db, contest.id, contest.timeZone));
    expect(page.dashboard).toMatchObject({ categories: [{ nameVi: "Báo in", counts: { SUBMITTED: 1 } }] });

    // Alone (no request scope, as after an action) the same answer.
    const alone = await loadOrganizedContest(req, contest.slug, { dashboard: true });
    expect(alone.contest).toEqual(row);
    expect(alone.dashboard).toEqual(page.dashboard);

    const refused = await loadOrganizedContest(await request(other.id), contest.slug, { dashboard: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });

  it("gives the entries page the same contest and table with the layout (one statement) or alone, and nothing to a non-organizer", async () => {
    const contest = await makeContest(t.db, { categories: ["print", "radio"] });
    const j = await makeUser(t.db);
    const e1 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
    });
    await makeEntry(t.db, { contestId: contest.id, categoryId: contest.category("radio").id, submitterId: j.id });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const other = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: (await makeContest(t.db)).id }] });
    const request = async (userId: string) =>
      new Request(`http://localhost/organizer/${contest.slug}/entries`, {
        headers: { cookie: await sessionCookie(t.db, userId) },
      });
    const req = await request(organizer.id);
    const filters = EntryFiltersSchema.parse({ category: "print" });
    const [layout, page] = await inScope(() =>
      Promise.all([
        loadOrganizedContest(req, contest.slug),
        loadOrganizedContest(req, contest.slug, { entries: filters }),
      ]),
    );
    const row = await t.db.contest.findUniqueOrThrow({ where: { slug: contest.slug } });
    expect(layout.contest).toEqual(row);
    expect(page.contest).toEqual(row);
    expect(page.entries).toEqual(await listEntries(t.db, contest.id, filters));
    expect(page.entries).toMatchObject({ total: 1, rows: [{ id: e1.id, category: { nameVi: "Báo in" } }] });
    expect(page.entries.categories.map((c) => c.code)).toEqual(["print", "radio"]);

    // Alone (no request scope, as after an action) the same answer.
    const alone = await loadOrganizedContest(req, contest.slug, { entries: filters });
    expect(alone.contest).toEqual(row);
    expect(alone.entries).toEqual(page.entries);

    const refused = await loadOrganizedContest(await request(other.id), contest.slug, { entries: filters }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });

  it("reads an organizer page's session, header, contest and entries in one statement, and no entries for anyone else", async () => {
    setNow("2021-11-01T03:00:00Z");
    const contest = await makeContest(t.db, { categories: ["print", "radio"] });
    const j = await makeUser(t.db);
    await makeEntry(t.db, { contestId: contest.id, categoryId: contest.category("print").id, submitterId: j.id });
    const organizer = await makeUser(t.db, {
      name: "Ban Tổ Chức",
      roles: [{ role: "ORGANIZER", contestId: contest.id }],
    });
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const other = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: (await makeContest(t.db)).id }] });
    const filters = EntryFiltersSchema.parse({});
    const url = `http://localhost/organizer/${contest.slug}/entries`;
    // As Remix runs a page: root, layout and page loaders start in one turn, each with its own Request.
    const page = (cookie: string) =>
      inScope(async () => {
        const req = () => new Request(url, { headers: { cookie } });
        const root = rootLoader({ request: req(), params: {}, context: {} });
        const layout = loadOrganizedContest(req(), contest.slug).catch((e: unknown) => e);
        const entries = loadOrganizedContest(req(), contest.slug, { entries: filters }).catch((e: unknown) => e);
        return { root: await root, layout: await layout, entries: await entries };
      });
    const rows: Record<string, unknown>[][] = [];
    const raw = vi.spyOn(t.db, "$queryRaw");
    const unsafe = vi.spyOn(t.db, "$queryRawUnsafe");
    const statements = async <T>(f: () => Promise<T>) => {
      raw.mockClear();
      unsafe.mockClear();
      rows.length = 0;
      const value = await f();
      for (const r of raw.mock.results) rows.push((await r.value) as Record<string, unknown>[]);
      return { value, count: raw.mock.calls.length + unsafe.mock.calls.length };
    };
    try {
      const row = await t.db.contest.findUniqueOrThrow({ where: { slug: contest.slug } });
      const expected = await listEntries(t.db, contest.id, filters);
      for (const u of [organizer, admin]) {
        const cookie = await sessionCookie(t.db, u.id);
        const { value, count } = await statements(() => page(cookie));
        expect(count).toBe(1);
        expect(value.root.user).toEqual({ name: u.name });
        expect(value.layout).toMatchObject({ contest: row });
        expect(value.entries).toMatchObject({ contest: row, entries: expected });
        expect(expected).toMatchObject({ total: 1 });
      }
      // Another contest's organizer, an expired session: refused, and the statement read no entries.
      const otherCookie = await sessionCookie(t.db, other.id);
      const expiredCookie = await sessionCookie(t.db, organizer.id);
      for (const [cookie, refusal] of [
        [otherCookie, 403],
        [expiredCookie, 302],
      ] as const) {
        if (cookie === expiredCookie) setNow("2022-01-01T03:00:00Z"); // past the 30 days
        const { value, count } = await statements(() => page(cookie));
        expect(count).toBe(1);
        expect((value.entries as Response).status).toBe(refusal);
        expect(rows[0]![0]).toMatchObject({ id: contest.id, partRead: null, entryRows: null, entryTotal: null });
      }
    } finally {
      raw.mockRestore();
      unsafe.mockRestore();
      setNow(null);
    }
  });

  it("filters the audit log by actor, action and entry code", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const organizer = await makeUser(t.db, {
      name: "Trưởng Ban",
      email: "truongban@example.test",
      roles: [{ role: "ORGANIZER", contestId: contest.id }],
    });
    const j = await makeUser(t.db);
    const e1 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
      code: "BI-101",
    });
    const e2 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
      code: "BI-102",
    });
    await decideEligibility(t.db, {
      contestId: contest.id,
      entryIds: [e1.id, e2.id],
      decision: "ELIGIBLE",
      reason: "",
      actorId: organizer.id,
    });
    const f = (o: Record<string, string>) => auditLog(t.db, contest.id, AuditFiltersSchema.parse(o));
    expect((await f({})).total).toBe(2);
    expect((await f({ entry: "bi-102" })).rows.map((r) => r.entryCode)).toEqual(["BI-102"]);
    expect((await f({ actor: "trưởng" })).total).toBe(2);
    expect((await f({ actor: "nobody" })).total).toBe(0);
    expect((await f({ action: "entry.status" })).actions).toEqual([
      { code: "entry.status", name: "Đổi trạng thái tác phẩm" },
    ]);
    // Issue 12: each event reads as a sentence with names, in the reader's language.
    expect((await f({ entry: "BI-101" })).rows.map((r) => r.sentence)).toEqual([
      "Trưởng Ban chuyển tác phẩm BI-101 từ “Đã nộp” sang “Đủ điều kiện”.",
    ]);
    const en = await auditLog(
      t.db,
      contest.id,
      AuditFiltersSchema.parse({ entry: "BI-101", actor: "TRUONG BAN" }),
      50,
      "en",
    );
    expect(en.rows.map((r) => r.sentence)).toEqual(["Trưởng Ban moved entry BI-101 from “Submitted” to “Eligible”."]);
    expect(en.actions).toEqual([{ code: "entry.status", name: "Entry status changed" }]);
  });

  it("streams an entry's audio to its organizer with HTTP Range, and to nobody else", async () => {
    const contest = await makeContest(t.db, { categories: ["radio"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const other = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: (await makeContest(t.db)).id }] });
    const j = await makeUser(t.db);
    const e = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("radio").id,
      submitterId: j.id,
    });
    await (
      await import("#app/server/shared/storage.server.ts")
    )
      .getStorage()
      .put(`entries/${e.id}/a.mp3`, Buffer.from("ID3-0123456789"));
    const file = await makeFile(t.db, {
      entryId: e.id,
      partId: e.parts[0]!.id,
      storageKey: `entries/${e.id}/a.mp3`,
      originalName: "phóng sự.mp3",
      mimeType: "audio/mpeg",
      sizeBytes: 14n,
    });
    const route = await import("#app/routes/organizer.$slug.entries.$entryId.files.$fileId.ts");
    const params = { slug: contest.slug, entryId: e.id, fileId: file.id };
    const get = async (cookie: string, range?: string) => {
      try {
        return await route.loader({
          request: new Request("http://localhost/x", {
            headers: { Cookie: cookie, ...(range ? { Range: range } : {}) },
          }),
          params,
          context: {},
        });
      } catch (r) {
        return r as Response;
      }
    };
    const partial = await get(await sessionCookie(t.db, organizer.id), "bytes=4-7");
    expect(partial.status).toBe(206);
    expect(partial.headers.get("Content-Range")).toBe("bytes 4-7/14");
    expect(await partial.text()).toBe("0123");
    expect((await get(await sessionCookie(t.db, other.id))).status).toBe(403);
    expect((await get(await sessionCookie(t.db, j.id))).status).toBe(403);
  });

  it("lets an invited judge who already has a password accept without changing it, once", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const journalist = await makeUser(t.db, { email: "nhabao-gk@example.test" });
    const { inviteJudge } = await import("#app/server/organizer/judges.server.ts");
    const { token } = await inviteJudge(t.db, contest, {
      email: journalist.email,
      name: journalist.name,
      agency: "",
      categoryIds: [],
      roundIds: [],
      actorId: organizer.id,
    });
    const route = await import("#app/routes/invite.$token.tsx");
    const call = (fields: Record<string, string>) =>
      route
        .action({ request: formRequest(`/invite/${token}`, "", fields), params: { token }, context: {} })
        .catch((r: unknown) => r as Response);
    const mismatch = (await call({ password: "MatKhauMoi-1", confirm: "khac" })) as { init?: { status?: number } };
    expect(mismatch.init?.status).toBe(400);
    const ok = (await call({ password: "", confirm: "" })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/account");
    const after = await t.db.user.findUniqueOrThrow({ where: { id: journalist.id } });
    expect(after.passwordHash).toBe(journalist.passwordHash);
    const again = (await call({ password: "", confirm: "" })) as { init?: { status?: number } };
    expect(again.init?.status).toBe(410);
  });
});

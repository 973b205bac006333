import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiRoute from "#app/routes/api.contests.$slug.results.ts";
import * as publicRoute from "#app/routes/contests.$slug.results.tsx";
import * as exportRoute from "#app/routes/organizer.$slug.results.export.$kind.ts";
import * as organizerRoute from "#app/routes/organizer.$slug.results.tsx";
import { publishResults } from "#app/server/results/publish.server.ts";
import { resolveTie } from "#app/server/results/results.server.ts";
import { closeRound } from "#app/server/organizer/rounds.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, assign, makeScore, openRound } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

/**
 * Issue 8 §2, results rules, read where users read them (the organizer page's loader, the
 * ranking XLSX, the public page's loader, the JSON API and the announcement mails): held prizes
 * of an open tie are pending, unawarded prizes are listed publicly, a tie decision sets the
 * order everywhere, and a co-author reads their own share.
 *
 * Fixture (the scoring is not what these rules exercise): one final round; print has the
 * tiers Nhất/Nhì/Ba × 1 and three entries, two tied on 85 across the Nhất/Nhì boundary; radio
 * keeps the 1/1/3/5 tiers with one entry, so most of its prizes are not awarded.
 */
describe(`results rules on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let organizer: Awaited<ReturnType<typeof makeUser>>;
  let cookie: string;
  const codes = ["BI-001", "BI-002", "BI-003"];
  const ids: Record<string, string> = {};

  const organizerPage = async () =>
    (await organizerRoute.loader({
      request: new Request(`http://localhost/organizer/${contest.slug}/results`, { headers: { Cookie: cookie } }),
      params: { slug: contest.slug },
      context: {},
    })) as Awaited<ReturnType<typeof organizerRoute.loader>>;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print", "radio"], rounds: 1 });
    const roundId = contest.rounds[0]!.id;
    const print = contest.category("print");
    await t.db.prizeTier.deleteMany({ where: { categoryId: print.id, position: { gt: 3 } } });
    await t.db.prizeTier.updateMany({ where: { categoryId: print.id }, data: { count: 1 } });
    organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    cookie = await sessionCookie(t.db, organizer.id);
    const judges = [await makeUser(t.db), await makeUser(t.db)];
    const totals: Record<string, [number, number, number][]> = {
      // BI-001 and BI-002 both 85 on average; BI-001 has the better first criterion.
      "BI-001": [
        [38, 27, 20],
        [36, 29, 20],
      ],
      "BI-002": [
        [35, 30, 20],
        [35, 30, 20],
      ],
      "BI-003": [
        [30, 20, 20],
        [30, 22, 20],
      ],
      "BN-001": [
        [30, 20, 10],
        [30, 20, 10],
      ],
    };
    for (const code of [...codes, "BN-001"]) {
      const u = await makeUser(t.db, { email: `${code.toLowerCase()}@example.test`, name: `Tác giả ${code}` });
      const coAuthored = code === "BI-001";
      const e = await makeEntry(t.db, {
        contestId: contest.id,
        categoryId: code.startsWith("BI") ? print.id : contest.category("radio").id,
        submitterId: u.id,
        status: "ELIGIBLE",
        code,
        title: `Bài ${code}`,
        authors: coAuthored
          ? [
              { fullName: `Tác giả ${code}`, email: u.email, shareBp: 5000, userId: u.id },
              { fullName: "Đồng Tác Giả", email: "dongtacgia@example.test", shareBp: 3000 },
              { fullName: "Co Author", email: "coauthor@example.test", shareBp: 2000 },
            ]
          : [{ fullName: `Tác giả ${code}`, email: u.email, shareBp: 10_000, userId: u.id }],
      });
      ids[code] = e.id;
      await assign(
        t.db,
        roundId,
        [e.id],
        judges.map((j) => j.id),
      );
      // Through the service, which opens a round only once it has assignments.
      if (code === codes[0]) await openRound(t.db, roundId);
      for (const [k, j] of judges.entries())
        await makeScore(t.db, { roundId, entryId: e.id, judgeId: j.id, values: totals[code]![k]! });
    }
    await t.db.user.update({ where: { email: "bi-001@example.test" }, data: { locale: "vi" } });
    await makeUser(t.db, { email: "coauthor@example.test", name: "Co Author" }).then((u) =>
      t.db.user.update({ where: { id: u.id }, data: { locale: "en" } }),
    );
    await closeRound(t.db, { contestId: contest.id, roundId, actorId: organizer.id, acknowledgeFlags: true });
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  it("words the results page's refusals in the organizer's language (publishing with an open tie, a bad manual decision)", async () => {
    const post = async (lang: string, fields: Record<string, string>) => {
      const request = new Request(`http://localhost/organizer/${contest.slug}/results`, {
        method: "POST",
        headers: { Cookie: cookie, "Accept-Language": lang, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });
      const res = (await organizerRoute.action({
        request,
        params: { slug: contest.slug },
        context: {},
      })) as unknown as { data: { ok: boolean; message: string }; init: { status: number } };
      return { status: res.init.status, message: res.data.message };
    };
    expect(await post("en", { intent: "publish", confirm: "on" })).toEqual({
      status: 409,
      message: "1 tie(s) are still unresolved. Resolve them before publishing.",
    });
    expect(await post("vi", { intent: "publish", confirm: "on" })).toEqual({
      status: 409,
      message: "Còn 1 trường hợp đồng điểm chưa xử lý. Hãy xử lý trước khi công bố.",
    });
    const tie = { categoryId: contest.category("print").id, entryIds: `${ids["BI-001"]},${ids["BI-002"]}` };
    expect(await post("en", { intent: "resolve-manual", ...tie, reason: "short" })).toEqual({
      status: 400,
      message: "Invalid input: a reason needs at least 10 characters; publishing needs the confirmation ticked.",
    });
    const places = { [`place.${ids["BI-001"]}`]: "1", [`place.${ids["BI-002"]}`]: "1" };
    expect(
      await post("en", { intent: "resolve-manual", ...tie, ...places, reason: "Hội đồng biểu quyết 4/1" }),
    ).toEqual({ status: 400, message: "Each entry needs a different place from 1 to 2." });
    expect(
      await post("vi", { intent: "resolve-manual", ...tie, ...places, reason: "Hội đồng biểu quyết 4/1" }),
    ).toEqual({ status: 400, message: "Mỗi tác phẩm cần một thứ tự khác nhau từ 1 đến 2." });
  });

  it("lists the prizes an open tie holds as pending on the organizer page, never as all awarded", async () => {
    const view = await organizerPage();
    const print = view.categories.find((c) => c.code === "print")!;
    expect(print.unawarded).toEqual([]);
    expect(print.pending).toEqual([
      { tier: "Giải Nhất", count: 1 },
      { tier: "Giải Nhì", count: 1 },
    ]);
    expect(view.categories.find((c) => c.code === "radio")!.pending).toEqual([]);
  });

  it("after a manual decision, rank numbers and prize order follow the decided order on the organizer page and in the ranking XLSX", async () => {
    const base = {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      entryIds: [ids["BI-001"]!, ids["BI-002"]!],
      actorId: organizer.id,
    };
    await t.db.$transaction((tx) =>
      resolveTie(tx, {
        ...base,
        method: "MANUAL",
        order: [ids["BI-002"]!, ids["BI-001"]!],
        reason: "Hội đồng biểu quyết 4/1 tại phiên họp ngày 05/12",
      }),
    );
    const view = await organizerPage();
    const print = view.categories.find((c) => c.code === "print")!;
    expect(print.rows.map((r) => [r.rank, r.code, r.prize])).toEqual([
      [1, "BI-002", "Giải Nhất"],
      [2, "BI-001", "Giải Nhì"],
      [3, "BI-003", "Giải Ba"],
    ]);
    expect(print.pending).toEqual([]);

    const res = (await exportRoute.loader({
      request: new Request(`http://localhost/organizer/${contest.slug}/results/export/ranking`, {
        headers: { Cookie: cookie },
      }),
      params: { slug: contest.slug, kind: "ranking" },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push([row.getCell(1).value, row.getCell(2).value, row.getCell(8).value]);
    });
    expect(rows).toEqual([
      [1, "BI-002", "Giải Nhất"],
      [2, "BI-001", "Giải Nhì"],
      [3, "BI-003", "Giải Ba"],
    ]);
  });

  it("after the rule decides, the ranking follows the rule's order", async () => {
    const base = {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      entryIds: [ids["BI-001"]!, ids["BI-002"]!],
      actorId: organizer.id,
    };
    await t.db.$transaction((tx) => resolveTie(tx, { ...base, method: "RULE", reason: "" }));
    const print = (await organizerPage()).categories.find((c) => c.code === "print")!;
    expect(print.rows.map((r) => [r.rank, r.code, r.prize])).toEqual([
      [1, "BI-001", "Giải Nhất"],
      [2, "BI-002", "Giải Nhì"],
      [3, "BI-003", "Giải Ba"],
    ]);
    // Back to the board's decision for publication.
    await t.db.$transaction((tx) =>
      resolveTie(tx, {
        ...base,
        method: "MANUAL",
        order: [ids["BI-002"]!, ids["BI-001"]!],
        reason: "Hội đồng biểu quyết 4/1 tại phiên họp ngày 05/12",
      }),
    );
  });

  it("shows the decided order and the unawarded prizes on the public page and in the API", async () => {
    await publishResults(t.db, { contestId: contest.id, actorId: organizer.id });
    const page = (await publicRoute.loader({
      request: new Request(`http://localhost/contests/${contest.slug}/results`),
      params: { slug: contest.slug },
      context: {},
    })) as Awaited<ReturnType<typeof publicRoute.loader>>;
    const res = (await apiRoute.loader({
      request: new Request(`http://localhost/api/contests/${contest.slug}/results`),
      params: { slug: contest.slug },
      context: {},
    })) as Response;
    // The page's loader answers unpublished contests too (results: null), so assert it is published.
    expect(page.results).not.toBeNull();
    const api = (await res.json()) as NonNullable<typeof page.results>;
    for (const r of [page.results!, api]) {
      const print = r.categories.find((c) => c.code === "print")!;
      expect(print.prizes.map((p) => [p.rank, p.tier, p.entry.code])).toEqual([
        [1, "Giải Nhất", "BI-002"],
        [2, "Giải Nhì", "BI-001"],
        [3, "Giải Ba", "BI-003"],
      ]);
      expect(print.unawarded).toEqual([]);
      const radio = r.categories.find((c) => c.code === "radio")!;
      expect(radio.prizes.map((p) => [p.rank, p.tier, p.entry.code])).toEqual([[1, "Giải Nhất", "BN-001"]]);
      expect(radio.unawarded).toEqual([
        { tier: "Giải Nhì", tierPosition: 2, count: 1 },
        { tier: "Giải Ba", tierPosition: 3, count: 3 },
        { tier: "Giải Khuyến khích", tierPosition: 4, count: 5 },
      ]);
    }
  });

  it("tells each co-author their own share and the prize's total, in their language", async () => {
    const mail = async (to: string) =>
      (await t.db.outboxMail.findFirstOrThrow({ where: { to, template: "announcement/results" } })).text;
    const vi = await mail("dongtacgia@example.test");
    expect(vi).toContain(
      "Giải Nhì – Báo in: «Bài BI-001» (BI-001): phần của bạn 6.000.000 ₫ (30 %) trong tổng giải 20.000.000 ₫",
    );
    expect(vi).not.toMatch(/\(BI-001\), 20\.000\.000/);
    const submitter = await mail("bi-001@example.test");
    expect(submitter).toContain("phần của bạn 10.000.000 ₫ (50 %) trong tổng giải 20.000.000 ₫");
    const en = await mail("coauthor@example.test");
    expect(en).toContain(
      "Second prize – Print: “Bài BI-001” (BI-001): your share ₫4,000,000 (20%) of the prize's ₫20,000,000",
    );
    // A sole author's prize is theirs: no share wording.
    expect(await mail("bi-002@example.test")).toContain("Giải Nhất – Báo in: «Bài BI-002» (BI-002), 30.000.000 ₫");
  });
});

/**
 * The paper score import on the organizer's round page: the route action with a real multipart
 * post, the CLI's service behind it (one implementation), the organizer recorded as importer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRound } from "#app/server/organizer/rounds.server.ts";
import { bodyLimitFor } from "#app/server/shared/request-guard.server.ts";
import { env } from "#app/server/shared/env.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, assign, makeScore } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
type Reply = { intent: string; ok: boolean; count: number; lines?: { line: number; text: string }[] };

function unwrap(r: unknown): { status: number; body: Reply } {
  const x = r as { init?: { status?: number }; data?: Reply } & Reply;
  return x && "data" in x && x.data ? { status: x.init?.status ?? 200, body: x.data } : { status: 200, body: x };
}

describe(`score import from the round page on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let organizer: Awaited<ReturnType<typeof makeUser>>;
  let cookie: string;
  const route = () => import("#app/routes/organizer.$slug.rounds.$n.tsx");
  const post = async (csv: string | null, lang = "vi") => {
    const form = new FormData();
    form.set("intent", "import");
    if (csv !== null) form.set("file", new File([csv], "phieu.csv", { type: "text/csv" }));
    const request = new Request(`http://localhost/organizer/${contest.slug}/rounds/1`, {
      method: "POST",
      headers: { Cookie: `${cookie}; lng=${lang}` },
      body: form,
    });
    return unwrap(
      await (await route()).action({ request, params: { slug: contest.slug, n: "1" }, context: {} } as Args),
    );
  };

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const j1 = await makeUser(t.db, {
      email: `gk1-${contest.slug}@example.test`,
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const j2 = await makeUser(t.db, {
      email: `gk2-${contest.slug}@example.test`,
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const author = await makeUser(t.db);
    const base = {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE" as const,
    };
    const e1 = await makeEntry(t.db, { ...base, code: "BI-001" });
    const e2 = await makeEntry(t.db, { ...base, code: "BI-002" });
    await assign(t.db, contest.rounds[0]!.id, [e1.id, e2.id], [j1.id, j2.id]);
    await makeScore(t.db, { roundId: contest.rounds[0]!.id, entryId: e2.id, judgeId: j2.id, values: [30, 20, 20] });
    cookie = await sessionCookie(t.db, organizer.id);
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  const good = (c: string) =>
    [
      `entry_code,judge_email,c1,c2,c3`,
      `BI-001,gk1-${c}@example.test,35,25,20`,
      `BI-002,gk1-${c}@example.test,"30,5",20,20`,
    ].join("\n");

  it("refuses a round that is not open, then imports nothing when one line is wrong, naming each line in the reader's language", async () => {
    const closed = await post(good(contest.slug));
    expect(closed.status).toBe(400);
    expect(closed.body.lines).toEqual([{ line: 0, text: "vòng 1 không mở để nhập điểm" }]);

    await openRound(t.db, { contestId: contest.id, roundId: contest.rounds[0]!.id, actorId: organizer.id });
    const bad = `${good(contest.slug)}\nBI-002,gk2-${contest.slug}@example.test,10,10,10\nBI-404,gk1-${contest.slug}@example.test,41,10,10`;
    const vi = await post(bad);
    expect(vi.status).toBe(400);
    expect(vi.body.lines).toEqual([
      { line: 4, text: `gk2-${contest.slug}@example.test đã nộp điểm cho BI-002; cần mở lại phiếu trước khi nhập` },
      { line: 5, text: 'c1: vượt điểm tối đa ("41", tối đa 40)' },
      { line: 5, text: "không có tác phẩm mã BI-404 trong giải" },
    ]);
    const en = await post(bad, "en");
    expect(en.body.lines?.[0]).toEqual({
      line: 4,
      text: `gk2-${contest.slug}@example.test already submitted a sheet for BI-002; reopen it before importing`,
    });
    expect(await t.db.score.count({ where: { roundId: contest.rounds[0]!.id } })).toBe(1);
    expect((await post(null)).body.lines).toEqual([{ line: 0, text: "Vui lòng chọn tệp CSV." }]);
  });

  it("imports a clean file as submitted sheets audited with the organizer as actor; a second post changes nothing", async () => {
    const ok = await post(good(contest.slug));
    expect(ok).toEqual({ status: 200, body: expect.objectContaining({ intent: "import", ok: true, count: 2 }) });
    expect(await t.db.score.count({ where: { roundId: contest.rounds[0]!.id, status: "SUBMITTED" } })).toBe(3);
    const events = await t.db.auditEvent.findMany({ where: { action: "score.import", contestId: contest.id } });
    expect(events.map((e) => e.actorId)).toEqual([organizer.id, organizer.id]);
    const again = await post(good(contest.slug));
    expect(again.status).toBe(400);
    expect(await t.db.score.count({ where: { roundId: contest.rounds[0]!.id } })).toBe(3);
  });

  it("is open only to the contest's organizers, and the round page takes a CSV-sized body", async () => {
    const judge = await t.db.user.findFirstOrThrow({ where: { email: `gk1-${contest.slug}@example.test` } });
    const saved = cookie;
    cookie = await sessionCookie(t.db, judge.id);
    await expect(post(good(contest.slug))).rejects.toMatchObject({ status: 403 });
    cookie = saved;
    expect(bodyLimitFor(`/organizer/${contest.slug}/rounds/1`)).toBe(env().MAX_IMPORT_BYTES);
    expect(bodyLimitFor(`/organizer/${contest.slug}/settings`)).toBe(env().MAX_FORM_BYTES);
  });
});

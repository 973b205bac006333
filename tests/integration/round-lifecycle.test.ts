/**
 * A round's life PENDING → OPEN → CLOSED through the one service: the refusals (contest not
 * judging, previous round open, no assignments), a double open, the audit row, the judges'
 * mails (only judges with assignments, with their counts, in their language), and what a
 * judge may read while a round is still pending (404 by page loader, file route, service).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateForRound } from "#app/server/organizer/assignments.server.ts";
import { changePhase } from "#app/server/organizer/contests.server.ts";
import { getJudgeEntry, listJudgeWork, saveScore } from "#app/server/judging/judging.server.ts";
import { closeRound, openRound } from "#app/server/organizer/rounds.server.ts";
import { importScores } from "#app/server/judging/score-import.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { assign, makeContest, makeEntry, makeFile, makeScore, makeUser, sheetFor } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    if (r instanceof Response) return r.status;
    // data(body, { status }) from an action
    const init = (r as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe(`round lifecycle on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let organizer: Awaited<ReturnType<typeof makeUser>>;
  let gkVi: Awaited<ReturnType<typeof makeUser>>;
  let gkEn: Awaited<ReturnType<typeof makeUser>>;
  let entries: Awaited<ReturnType<typeof makeEntry>>[];
  let r1: string;
  let r2: string;
  const mailsTo = (email: string) =>
    t.db.outboxMail.findMany({ where: { to: email, template: "judge/round-opened" }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print"] });
    [r1, r2] = [contest.rounds[0]!.id, contest.rounds[1]!.id];
    organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    gkVi = await makeUser(t.db, {
      email: "gk.vi@example.test",
      name: "Giám Khảo Việt",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    gkEn = await makeUser(t.db, {
      email: "gk.en@example.test",
      name: "Jane Judge",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    await t.db.user.update({ where: { id: gkEn.id }, data: { locale: "en" } });
    await makeUser(t.db, {
      email: "gk.ranh@example.test",
      name: "Giám Khảo Rảnh",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const author = await makeUser(t.db);
    entries = [];
    for (let i = 1; i <= 3; i++) {
      entries.push(
        await makeEntry(t.db, {
          contestId: contest.id,
          categoryId: contest.category("print").id,
          submitterId: author.id,
          status: "ELIGIBLE",
          code: `BI-00${i}`,
        }),
      );
    }
    await makeFile(t.db, { entryId: entries[0]!.id, partId: entries[0]!.parts[0]!.id, sizeBytes: 10n });
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  const open = (roundId: string) => openRound(t.db, { contestId: contest.id, roundId, actorId: organizer.id });
  const statusOfRound = async (id: string) => (await t.db.round.findUniqueOrThrow({ where: { id } })).status;

  it("starting judging mails no judge: there is nothing to score until a round opens", async () => {
    await changePhase(t.db, { contestId: contest.id, to: "JUDGING", actorId: organizer.id });
    expect(await t.db.outboxMail.count()).toBe(0);
  });

  it("refuses to open a round without assignments, or before the previous round closed, and changes nothing", async () => {
    await expect(open(r1)).rejects.toMatchObject({ code: "round_open_no_assignments", status: 409 });
    // Round 2's judges may be assigned early; round 1 must still close first.
    await assign(t.db, r2, [entries[2]!.id], [gkVi.id]);
    await expect(open(r2)).rejects.toMatchObject({ code: "round_open_previous" });
    expect([await statusOfRound(r1), await statusOfRound(r2)]).toEqual(["PENDING", "PENDING"]);
    expect(await t.db.auditEvent.count({ where: { action: { startsWith: "round." } } })).toBe(0);
    expect(await t.db.outboxMail.count()).toBe(0);
  });

  it("refuses to open a round of a contest that is not judging", async () => {
    const other = await makeContest(t.db, { phase: "CLOSED", categories: ["print"] });
    const e = await makeEntry(t.db, {
      contestId: other.id,
      categoryId: other.category("print").id,
      submitterId: organizer.id,
      status: "ELIGIBLE",
    });
    await assign(t.db, other.rounds[0]!.id, [e.id], [gkVi.id]);
    await expect(
      openRound(t.db, { contestId: other.id, roundId: other.rounds[0]!.id, actorId: organizer.id }),
    ).rejects.toMatchObject({ code: "round_open_phase" });
    // A round of another contest is not found through this contest.
    await expect(
      openRound(t.db, { contestId: contest.id, roundId: other.rounds[0]!.id, actorId: organizer.id }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("hides a pending round's entries from its judges: 404 by service, page loader, .data and file route", async () => {
    await assign(t.db, r1, [entries[0]!.id, entries[1]!.id], [gkVi.id]);
    await assign(t.db, r1, [entries[0]!.id], [gkEn.id]);
    expect(await listJudgeWork(t.db, gkVi.id, "vi")).toEqual([]);
    await expect(getJudgeEntry(t.db, gkVi.id, r1, entries[0]!.id, "vi")).rejects.toMatchObject({ status: 404 });
    await expect(
      saveScore(t.db, {
        judgeId: gkVi.id,
        roundId: r1,
        entryId: entries[0]!.id,
        values: {},
        comment: "",
        submit: false,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const cookie = await sessionCookie(t.db, gkVi.id);
    const page = await import("#app/routes/judge.rounds.$roundId.entries.$entryId.tsx");
    const files = await import("#app/routes/judge.files.$fileId.ts");
    const file = await t.db.storedFile.findFirstOrThrow({ where: { entryId: entries[0]!.id } });
    const get = (url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
    const entryUrl = `/judge/rounds/${r1}/entries/${entries[0]!.id}`;
    const params = { roundId: r1, entryId: entries[0]!.id };
    // A `.data` request runs the same loader (Remix single fetch), so both URLs are covered here.
    for (const url of [entryUrl, `${entryUrl}.data`])
      expect(await statusOf(page.loader({ request: get(url), params, context: {} } as Args)), url).toBe(404);
    expect(
      await statusOf(
        page.action({
          request: formRequest(entryUrl, cookie, { intent: "save", comment: "" }),
          params,
          context: {},
        } as Args),
      ),
    ).toBe(404);
    expect(
      await statusOf(
        files.loader({ request: get(`/judge/files/${file.id}`), params: { fileId: file.id }, context: {} } as Args),
      ),
    ).toBe(404);
    // Paper score sheets are refused too.
    const csv =
      "ma_tac_pham,email_giam_khao,tieu_chi_1,tieu_chi_2,tieu_chi_3,nhan_xet\nBI-001,gk.vi@example.test,30,20,20,\n";
    expect(
      await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: organizer.id }),
    ).toMatchObject({ ok: false, imported: 0, errors: [{ message: "vòng 1 không mở để nhập điểm" }] });
  });

  it("shows the checklist on the round page and opens through the confirmation, once, mailing only assigned judges", async () => {
    const route = await import("#app/routes/organizer.$slug.rounds.$n.tsx");
    const cookie = await sessionCookie(t.db, organizer.id);
    const url = `/organizer/${contest.slug}/rounds/1`;
    const params = { slug: contest.slug, n: "1" };
    const page = (await route.loader({
      request: new Request(`http://localhost${url}?step=open`, { headers: { Cookie: cookie } }),
      params,
      context: {},
    } as Args)) as Awaited<ReturnType<typeof route.loader>>;
    expect(page.step).toBe("open");
    expect(page.checklist).toMatchObject({
      entries: 3,
      judges: 3,
      assignments: 3,
      minJudges: 2,
      refusal: null,
      idleJudges: ["Giám Khảo Rảnh"],
      underStaffed: [
        expect.objectContaining({ code: "BI-002", judges: 1 }),
        expect.objectContaining({ code: "BI-003", judges: 0 }),
      ],
    });

    const post = () =>
      route.action({
        request: formRequest(`${url}?step=open`, cookie, { intent: "open" }),
        params,
        context: {},
      } as Args);
    const first = (await post()) as { ok: boolean; count: number };
    expect(first).toMatchObject({ intent: "open", ok: true, count: 2 });
    // The second click of a double click is refused with its reason; nothing happens twice.
    const second = (await post()) as unknown as { data: { code: string }; init: { status: number } };
    expect(second.data).toMatchObject({ intent: "open", ok: false, code: "round_not_pending" });
    expect(second.init.status).toBe(409);

    const round = await t.db.round.findUniqueOrThrow({ where: { id: r1 } });
    expect(round.status).toBe("OPEN");
    expect(round.openedAt).not.toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { action: "round.open", targetId: r1 } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: organizer.id,
      contestId: contest.id,
      before: { status: "PENDING" },
      after: { status: "OPEN", assignments: 3 },
    });

    const [vi] = await mailsTo("gk.vi@example.test");
    expect(vi).toMatchObject({ locale: "vi", subject: "Vòng sơ khảo đã mở: Giải Báo chí thử nghiệm" });
    expect(vi!.text).toContain("Ông/bà được phân công chấm 2 tác phẩm trong vòng này.");
    const [en] = await mailsTo("gk.en@example.test");
    expect(en).toMatchObject({ locale: "en", subject: "Preliminary round is open: Test press award" });
    expect(en!.text).toContain("You are assigned 1 entry in this round.");
    expect(await mailsTo("gk.ranh@example.test")).toEqual([]);
    expect(await t.db.outboxMail.count({ where: { template: "judge/round-opened" } })).toBe(2);

    // Open now: the judge reads and scores it.
    expect((await listJudgeWork(t.db, gkVi.id, "vi")).map((r) => [r.roundId, r.total])).toEqual([[r1, 2]]);
    expect((await getJudgeEntry(t.db, gkVi.id, r1, entries[0]!.id, "vi")).round.open).toBe(true);
  });

  it("lets only one of two simultaneous opens win", async () => {
    const other = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const e = await makeEntry(t.db, {
      contestId: other.id,
      categoryId: other.category("print").id,
      submitterId: organizer.id,
      status: "ELIGIBLE",
    });
    await t.db.roleGrant.create({ data: { userId: gkVi.id, role: "JUDGE", contestId: other.id } });
    await assign(t.db, other.rounds[0]!.id, [e.id], [gkVi.id]);
    const input = { contestId: other.id, roundId: other.rounds[0]!.id, actorId: organizer.id };
    const outcomes = await Promise.allSettled([openRound(t.db, input), openRound(t.db, input)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(["round_not_pending", "round_conflict"]).toContain(refused.reason.code);
    expect(await t.db.auditEvent.count({ where: { action: "round.open", targetId: input.roundId } })).toBe(1);
    expect(
      await t.db.outboxMail.count({
        where: { to: "gk.vi@example.test", template: "judge/round-opened", dedupeKey: { contains: input.roundId } },
      }),
    ).toBe(1);
  });

  it("opens a round open to the whole panel without assignments, and tells each panel judge what they will find", async () => {
    const other = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    await t.db.round.update({ where: { id: other.rounds[0]!.id }, data: { onlyAssignedEntries: false } }); // a round setting
    const panel = await makeUser(t.db, {
      email: "gk.panel@example.test",
      roles: [{ role: "JUDGE", contestId: other.id }],
    });
    for (let i = 0; i < 2; i++)
      await makeEntry(t.db, {
        contestId: other.id,
        categoryId: other.category("print").id,
        submitterId: organizer.id,
        status: "ELIGIBLE",
      });
    expect(await openRound(t.db, { contestId: other.id, roundId: other.rounds[0]!.id, actorId: organizer.id })).toEqual(
      { judgesNotified: 1 },
    );
    const [mail] = await mailsTo(panel.email);
    expect(mail!.text).toContain("Ông/bà được phân công chấm 2 tác phẩm trong vòng này.");
  });

  it("opens a round from the command line through the same service", async () => {
    const { run } = await import("#app/cli/commands/open-round.ts");
    const other = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    await makeUser(t.db, { email: "btc-cli-open@example.test", roles: [{ role: "ORGANIZER", contestId: other.id }] });
    const e = await makeEntry(t.db, {
      contestId: other.id,
      categoryId: other.category("print").id,
      submitterId: organizer.id,
      status: "ELIGIBLE",
    });
    const args = ["--contest", other.slug, "--round", "1", "--as", "btc-cli-open@example.test"];
    expect(await run(["--contest", other.slug])).toBe(2);
    expect(await run(args)).toBe(1); // no assignments yet
    expect(await statusOfRound(other.rounds[0]!.id)).toBe("PENDING");
    await assign(t.db, other.rounds[0]!.id, [e.id], [gkVi.id]);
    expect(await run(args)).toBe(0);
    expect(await statusOfRound(other.rounds[0]!.id)).toBe("OPEN");
    expect(await run(args)).toBe(1); // already open
    expect(await t.db.auditEvent.count({ where: { action: "round.open", targetId: other.rounds[0]!.id } })).toBe(1);
  });

  it("closing round 1 opens round 2 through the same service; judges hear of it when they have entries there", async () => {
    for (const e of entries.slice(0, 2)) {
      for (const j of [gkVi, gkEn]) {
        const assigned = await t.db.assignment.findFirst({ where: { roundId: r1, entryId: e.id, judgeId: j.id } });
        if (!assigned) await assign(t.db, r1, [e.id], [j.id]);
        await makeScore(t.db, { roundId: r1, entryId: e.id, judgeId: j.id, values: sheetFor(80) });
      }
    }
    // A round setting (the rounds page saves it; tested in the settings tests), not a status.
    await t.db.round.update({ where: { id: r2 }, data: { scoringDeadline: new Date("2021-12-20T00:00:00Z") } });
    await closeRound(t.db, { contestId: contest.id, roundId: r1, actorId: organizer.id, acknowledgeFlags: true });
    expect([await statusOfRound(r1), await statusOfRound(r2)]).toEqual(["CLOSED", "OPEN"]);
    const opened = await t.db.auditEvent.findFirstOrThrow({ where: { action: "round.open", targetId: r2 } });
    expect(opened.after).toMatchObject({ status: "OPEN", openedBy: "previous round closed" });
    expect(await t.db.auditEvent.count({ where: { action: "round.close", targetId: r1 } })).toBe(1);
    // gkVi was assigned one round-2 entry early, so they hear of round 2 now; gkEn has none yet.
    expect((await mailsTo("gk.vi@example.test")).map((m) => m.subject)).toContain(
      "Vòng chung khảo đã mở: Giải Báo chí thử nghiệm",
    );
    expect(await mailsTo("gk.en@example.test")).toHaveLength(1);

    // Generating round 2's assignments mails the judges who just got entries, and nobody twice.
    const before = (await mailsTo("gk.vi@example.test")).length;
    await generateForRound(t.db, { contestId: contest.id, roundId: r2, actorId: organizer.id });
    const enMails = await mailsTo("gk.en@example.test");
    expect(enMails.map((m) => m.subject)).toEqual([
      "Preliminary round is open: Test press award",
      "Final round is open: Test press award",
    ]);
    const count = await t.db.assignment.count({ where: { roundId: r2, judgeId: gkEn.id } });
    expect(count).toBeGreaterThan(0);
    expect(enMails[1]!.text).toContain(
      `You are assigned ${count} ${count === 1 ? "entry" : "entries"} in this round. Please submit your score sheets by the end of 20/12/2021.`,
    );
    // Round 1 had no deadline: its mail names none.
    expect(enMails[0]!.text).not.toContain("by the end of");
    expect((await mailsTo("gk.vi@example.test")).length).toBe(before);
    await expect(open(r1)).rejects.toMatchObject({ code: "round_not_pending" });
    // A closed round stays readable, read-only.
    expect((await getJudgeEntry(t.db, gkVi.id, r1, entries[0]!.id, "vi")).round.open).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveScore } from "#app/server/judging/judging.server.ts";
import { declareConflict } from "#app/server/judging/score-changes.server.ts";
import { recuseJudge } from "#app/server/organizer/assignments.server.ts";
import { decideEligibility } from "#app/server/organizer/entries.server.ts";
import { inviteJudge } from "#app/server/organizer/judges.server.ts";
import { now } from "#app/server/shared/clock.server.ts";
import { refusalText } from "#app/server/shared/refusals.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { assign, makeContest, makeEntry, makeJudge, makeOrganizer, makeUser, openRound } from "#tests/support/kit.ts";

/** The contest's and round's rule settings reach the rules: not the old constants 0.25 / 5 / 1 / 14. */
describe(`contest rule settings on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let judge: Awaited<ReturnType<typeof makeUser>>;
  let organizer: Awaited<ReturnType<typeof makeUser>>;
  let entries: Awaited<ReturnType<typeof makeEntry>>[];
  let roundId: string;
  let crit: string[];

  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, {
      phase: "JUDGING",
      categories: ["print"],
      rounds: 1,
      settings: { minReasonConflict: 12, minReasonRecuse: 8, minReasonIneligible: 6, judgeInviteDays: 3 },
      roundSettings: { scoreStep: 0.5 },
    });
    roundId = contest.rounds[0]!.id;
    crit = [...contest.rounds[0]!.criteria].sort((a, b) => a.position - b.position).map((c) => c.id);
    judge = await makeJudge(t.db, contest.id);
    organizer = await makeOrganizer(t.db, contest.id);
    const author = await makeUser(t.db);
    entries = [];
    for (const code of ["BI-001", "BI-002"])
      entries.push(
        await makeEntry(t.db, {
          contestId: contest.id,
          categoryId: contest.category("print").id,
          submitterId: author.id,
          status: "ELIGIBLE",
          code,
          series: 3,
          authorCount: 3,
        }),
      );
    await assign(
      t.db,
      roundId,
      entries.map((e) => e.id),
      [judge.id],
    );
    await openRound(t.db, roundId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("builds the traits: a three-part series with three authors sharing all the credit", () => {
    expect(entries[0]!.parts).toHaveLength(3);
    expect(entries[0]!.kind).toBe("SERIES");
    expect(entries[0]!.authors.reduce((s, a) => s + a.shareBp, 0)).toBe(10_000);
  });

  it("checks scores against the round's step", async () => {
    const base = { judgeId: judge.id, roundId, entryId: entries[0]!.id, comment: "", submit: false };
    await expect(saveScore(t.db, { ...base, values: { [crit[0]!]: 7.25 } })).rejects.toMatchObject({
      problems: { [crit[0]!]: "score.step" },
    });
    await expect(saveScore(t.db, { ...base, values: { [crit[0]!]: 7.5 } })).resolves.toMatchObject({ status: "DRAFT" });
  });

  it("asks a judge's conflict reason for the contest's minimum, and takes one that long", async () => {
    const base = { judgeId: judge.id, roundId, entryId: entries[1]!.id, kind: "DECLARED_BY_JUDGE" as const };
    await expect(declareConflict(t.db, { ...base, reason: "người thân" })).rejects.toMatchObject({
      code: "decline_reason_required",
      params: { min: 12 },
    });
    expect(await t.db.assignment.count({ where: { roundId, entryId: entries[1]!.id } })).toBe(1);
    await declareConflict(t.db, { ...base, reason: "vợ là tác giả" });
    expect(await t.db.assignment.count({ where: { roundId, entryId: entries[1]!.id } })).toBe(0);
  });

  it("asks recusal and ineligibility reasons for their minimums", async () => {
    await expect(
      recuseJudge(t.db, {
        contestId: contest.id,
        roundId,
        entryId: entries[0]!.id,
        judgeId: judge.id,
        reason: "quen",
        actorId: organizer.id,
      }),
    ).rejects.toMatchObject({ code: "recuse_reason_required", params: { min: 8 } });
    await expect(
      decideEligibility(t.db, {
        contestId: contest.id,
        entryIds: [entries[0]!.id],
        decision: "INELIGIBLE",
        reason: "trễ",
        actorId: organizer.id,
      }),
    ).rejects.toMatchObject({ code: "ineligible_reason_required", params: { min: 6 } });
    // The sentences name the contest's minimum, in both languages.
    expect(refusalText({ code: "recuse_reason_required", params: { min: 8 } }, "vi")).toBe(
      "Vui lòng nêu lý do (ít nhất 8 ký tự).",
    );
    expect(refusalText({ code: "ineligible_reason_required", params: { min: 6 } }, "en")).toBe(
      "Please give the reason the entry is not eligible (at least 6 characters).",
    );
  });

  it("makes a judge's invitation last the contest's number of days", async () => {
    const full = await t.db.contest.findUniqueOrThrow({ where: { id: contest.id } });
    const before = now().getTime();
    const { userId } = await inviteJudge(t.db, full, {
      email: `gk-moi-${Date.now()}@example.test`,
      name: "Giám khảo Mới",
      agency: "",
      categoryIds: [],
      roundIds: [],
      actorId: organizer.id,
    });
    const v = await t.db.verification.findFirstOrThrow({ where: { userId, purpose: "JUDGE_INVITE" } });
    const days = (v.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);
  });
});

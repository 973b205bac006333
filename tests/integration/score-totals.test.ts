/**
 * Each submitted sheet stores its weighted total (Score.weightedTotal) so closing a round does
 * not regroup every criterion value. The stored number must always equal Σ value × weight
 * recomputed from the sheet's values, through every path that writes a sheet, and sheets
 * without a stored total (older rows, fixtures) must count the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveScore } from "#app/server/judging/judging.server.ts";
import { reopenScore } from "#app/server/judging/score-changes.server.ts";
import { importScores } from "#app/server/judging/score-import.server.ts";
import { closeRound, judgeTotals } from "#app/server/organizer/rounds.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, assign, makeScore, openRound } from "#tests/support/kit.ts";

describe(`stored weighted totals on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let roundId: string;
  let crit: string[];
  let judges: Awaited<ReturnType<typeof makeUser>>[];
  let entries: Awaited<ReturnType<typeof makeEntry>>[];

  /** Σ value × weight of every submitted sheet, from the values, keyed judge:entry. */
  async function recomputed(): Promise<Map<string, number>> {
    const sheets = await t.db.score.findMany({
      where: { roundId, status: "SUBMITTED" },
      include: { values: { include: { criterion: true } } },
    });
    return new Map(
      sheets.map((s) => [
        `${s.judgeId}:${s.entryId}`,
        s.values.reduce((sum, v) => sum + v.value * v.criterion.weight, 0),
      ]),
    );
  }

  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    roundId = contest.rounds[0]!.id;
    const criteria = [...contest.rounds[0]!.criteria].sort((a, b) => a.position - b.position);
    crit = criteria.map((c) => c.id);
    // Unequal weights (set before any score exists, as the organizer's rubric form allows),
    // so a total that ignored them would show.
    for (const [i, w] of [1.5, 2, 0.5].entries())
      await t.db.criterion.update({ where: { id: crit[i]! }, data: { weight: w } });
    await t.db.round.update({
      where: { id: roundId },
      data: { aggregation: "MEAN", normalizeZScores: false, minJudgesPerEntry: 1 },
    });
    judges = [];
    for (let i = 1; i <= 3; i++)
      judges.push(
        await makeUser(t.db, { email: `gk${i}@example.test`, roles: [{ role: "JUDGE", contestId: contest.id }] }),
      );
    const author = await makeUser(t.db);
    entries = [];
    for (let i = 1; i <= 3; i++) {
      entries.push(
        await makeEntry(t.db, {
          contestId: contest.id,
          categoryId: contest.category("print").id,
          submitterId: author.id,
          status: "ELIGIBLE",
          code: `WT-00${i}`,
        }),
      );
    }
    await assign(
      t.db,
      roundId,
      entries.map((e) => e.id),
      judges.map((j) => j.id),
    );
    await openRound(t.db, roundId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores the total with a submitted sheet, none with a draft, and drops it when the sheet is reopened", async () => {
    const [j1] = judges;
    const key = { roundId_entryId_judgeId: { roundId, entryId: entries[0]!.id, judgeId: j1!.id } };
    await saveScore(t.db, {
      judgeId: j1!.id,
      roundId,
      entryId: entries[0]!.id,
      values: { [crit[0]!]: 30, [crit[1]!]: 20 },
      comment: "",
      submit: false,
    });
    expect((await t.db.score.findUniqueOrThrow({ where: key })).weightedTotal).toBeNull();

    const saved = await saveScore(t.db, {
      judgeId: j1!.id,
      roundId,
      entryId: entries[0]!.id,
      values: { [crit[0]!]: 30.5, [crit[1]!]: 20, [crit[2]!]: 15.25 },
      comment: "",
      submit: true,
    });
    const sheet = await t.db.score.findUniqueOrThrow({ where: key });
    expect(sheet.weightedTotal).toBe(30.5 * 1.5 + 20 * 2 + 15.25 * 0.5);
    expect(saved.total).toBe(sheet.weightedTotal);
    expect(sheet.weightedTotal).toBe((await recomputed()).get(`${j1!.id}:${entries[0]!.id}`));

    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    await reopenScore(t.db, {
      contestId: contest.id,
      scoreId: sheet.id,
      reason: "Nhập nhầm điểm",
      actorId: organizer.id,
    });
    expect((await t.db.score.findUniqueOrThrow({ where: key })).weightedTotal).toBeNull();
    expect((await judgeTotals(t.db, roundId)).some((x) => x.judgeId === j1!.id)).toBe(false);

    await saveScore(t.db, {
      judgeId: j1!.id,
      roundId,
      entryId: entries[0]!.id,
      values: { [crit[0]!]: 10, [crit[1]!]: 10, [crit[2]!]: 10 },
      comment: "",
      submit: true,
    });
    expect((await t.db.score.findUniqueOrThrow({ where: key })).weightedTotal).toBe(40);
  });

  it("stores the total with a sheet imported from paper", async () => {
    const csv = "entry_code,judge_email,c1,c2,c3\nWT-002,gk2@example.test,35.5,25,20\n";
    expect(await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null })).toEqual({
      ok: true,
      errors: [],
      imported: 1,
    });
    const sheet = await t.db.score.findUniqueOrThrow({
      where: { roundId_entryId_judgeId: { roundId, entryId: entries[1]!.id, judgeId: judges[1]!.id } },
    });
    expect(sheet.weightedTotal).toBe(35.5 * 1.5 + 25 * 2 + 20 * 0.5);
    expect(sheet.weightedTotal).toBe((await recomputed()).get(`${judges[1]!.id}:${entries[1]!.id}`));
  });

  it("counts sheets with and without a stored total alike, and closing the round stores the same aggregates", async () => {
    // A sheet written without the stored total (as rows from before the column existed).
    await makeScore(t.db, { roundId, entryId: entries[2]!.id, judgeId: judges[2]!.id, values: [12, 14, 16] });
    expect(
      (
        await t.db.score.findUniqueOrThrow({
          where: { roundId_entryId_judgeId: { roundId, entryId: entries[2]!.id, judgeId: judges[2]!.id } },
        })
      ).weightedTotal,
    ).toBeNull();
    await saveScore(t.db, {
      judgeId: judges[2]!.id,
      roundId,
      entryId: entries[0]!.id,
      values: { [crit[0]!]: 20, [crit[1]!]: 10, [crit[2]!]: 5 },
      comment: "",
      submit: true,
    });

    const expected = await recomputed();
    const totals = await judgeTotals(t.db, roundId);
    expect(new Map(totals.map((x) => [`${x.judgeId}:${x.entryId}`, x.total]))).toEqual(expected);
    expect(expected.get(`${judges[2]!.id}:${entries[2]!.id}`)).toBe(12 * 1.5 + 14 * 2 + 16 * 0.5);

    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    await closeRound(t.db, { contestId: contest.id, roundId, actorId: organizer.id, acknowledgeFlags: true });
    const stored = await t.db.roundResult.findMany({ where: { roundId } });
    const byEntry = new Map(stored.map((r) => [r.entryId, r]));
    // Each entry's mean is its one sheet's total, or the mean of its two.
    const e0 = [
      expected.get(`${judges[0]!.id}:${entries[0]!.id}`)!,
      expected.get(`${judges[2]!.id}:${entries[0]!.id}`)!,
    ];
    expect(byEntry.get(entries[0]!.id)).toMatchObject({ judgeCount: 2 });
    expect(byEntry.get(entries[1]!.id)).toMatchObject({ judgeCount: 1 });
    expect(byEntry.get(entries[2]!.id)).toMatchObject({ judgeCount: 1 });
    expect(byEntry.get(entries[0]!.id)!.aggregate).toBeCloseTo((e0[0]! + e0[1]!) / 2, 9);
    expect(byEntry.get(entries[1]!.id)!.aggregate).toBeCloseTo(expected.get(`${judges[1]!.id}:${entries[1]!.id}`)!, 9);
    expect(byEntry.get(entries[2]!.id)!.aggregate).toBeCloseTo(12 * 1.5 + 14 * 2 + 16 * 0.5, 9);
  });
});

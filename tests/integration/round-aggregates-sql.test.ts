/**
 * previewRound and closeRound aggregate in the database (conflicts dropped, sheets without a
 * stored total summed from their values, per-judge z-scores in SQL, totals grouped per entry).
 * Whatever the database does must give what the domain gives from the raw sheets: the same
 * entries in the same order, the same aggregates, judge counts, flags and advancement, for every
 * aggregation method, with and without normalisation, in round 1 and in an ADVANCED round 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregateEntries, type AggregationMethod, type JudgeTotal } from "#app/domain/aggregation.ts";
import { closeRound as decideClosing } from "#app/domain/advancement.ts";
import { closeRound, judgeTotals, previewRound, roundOverview } from "#app/server/organizer/rounds.server.ts";
import { judgeConsistency, largestDisagreements } from "#app/domain/consistency.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";

describe(`round aggregates in SQL equal the domain's on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;

  /** What the domain computes from every sheet read row by row through Prisma. */
  async function reference(roundId: string) {
    const round = await t.db.round.findUniqueOrThrow({ where: { id: roundId } });
    const entries =
      round.position === 1
        ? await t.db.entry.findMany({ where: { contestId: contest.id, status: "ELIGIBLE" }, orderBy: { code: "asc" } })
        : (
            await t.db.roundResult.findMany({
              where: {
                round: { contestId: contest.id, position: round.position - 1 },
                advanced: true,
                entry: { status: "ELIGIBLE" },
              },
              include: { entry: true },
            })
          )
            .map((r) => r.entry)
            .sort((a, b) => (a.code ?? "").localeCompare(b.code ?? ""));
    const sheets = await t.db.score.findMany({
      where: { roundId, status: "SUBMITTED" },
      include: { values: { include: { criterion: true } } },
    });
    const conflicts = await t.db.conflictDeclaration.findMany({ where: { OR: [{ roundId }, { roundId: null }] } });
    const conflicted = new Set(conflicts.map((c) => `${c.judgeId}:${c.entryId}`));
    const ids = new Set(entries.map((e) => e.id));
    const totals: JudgeTotal[] = sheets
      .filter((s) => ids.has(s.entryId) && !conflicted.has(`${s.judgeId}:${s.entryId}`) && s.values.length > 0)
      .map((s) => ({
        judgeId: s.judgeId,
        entryId: s.entryId,
        total: s.values.reduce((sum, v) => sum + v.value * v.criterion.weight, 0),
      }));
    const categoryOf = new Map(entries.map((e) => [e.id, e.categoryId]));
    const aggregates = aggregateEntries(
      entries.map((e) => e.id),
      totals,
      {
        method: round.aggregation,
        trimPercent: round.trimPercent,
        normalise: round.normalizeZScores,
        minJudges: round.minJudgesPerEntry,
      },
    ).map((a) => ({ ...a, categoryId: categoryOf.get(a.entryId)! }));
    return decideClosing(aggregates, {
      rule: round.isFinal ? "NONE" : round.advancementRule,
      topN: round.advanceTopN,
      threshold: round.advanceThreshold,
    });
  }

  function expectSame(
    actual: Awaited<ReturnType<typeof previewRound>>["closing"],
    expected: ReturnType<typeof decideClosing>,
  ) {
    expect(actual.entries.map((e) => e.entryId)).toEqual(expected.entries.map((e) => e.entryId));
    expect(actual.entries.map((e) => [e.judgeCount, e.tooFewJudges, e.advanced, e.categoryId])).toEqual(
      expected.entries.map((e) => [e.judgeCount, e.tooFewJudges, e.advanced, e.categoryId]),
    );
    actual.entries.forEach((e, i) => {
      const want = expected.entries[i]!.aggregate;
      if (want === null) expect(e.aggregate).toBeNull();
      else expect(e.aggregate).toBeCloseTo(want, 9);
    });
    expect(actual.flagged).toEqual(expected.flagged);
    expect(actual.perCategory).toEqual(expected.perCategory);
  }

  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print", "tv"] });
    const [r1, r2] = contest.rounds;
    // Unequal weights, so a total that ignored them would show.
    for (const [i, c] of [...r1!.criteria].sort((a, b) => a.position - b.position).entries()) {
      await t.db.criterion.update({ where: { id: c.id }, data: { weight: [1.5, 1, 0.5][i]! } });
    }
    await t.db.round.update({
      where: { id: r1!.id },
      data: { status: "OPEN", advancementRule: "TOP_N", advanceTopN: 4, minJudgesPerEntry: 3 },
    });
    const judges = [];
    for (let i = 1; i <= 6; i++)
      judges.push(
        await makeUser(t.db, { email: `gk-sql${i}@example.test`, roles: [{ role: "JUDGE", contestId: contest.id }] }),
      );
    const author = await makeUser(t.db);
    const entries = [];
    for (let i = 1; i <= 24; i++) {
      const category = contest.category(i % 2 ? "print" : "tv");
      entries.push(
        await makeEntry(t.db, {
          contestId: contest.id,
          categoryId: category.id,
          submitterId: author.id,
          status: i === 24 ? "INELIGIBLE" : "ELIGIBLE",
          code: `SQL-${String(i).padStart(3, "0")}`,
        }),
      );
    }
    // Fixture (the scoring path has its own tests): sheets straight into the tables.
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const round of [r1!, r2!]) {
      const criteria = await t.db.criterion.findMany({ where: { roundId: round.id }, orderBy: { position: "asc" } });
      for (const [ei, e] of entries.entries()) {
        if (ei === 5) continue; // an entry nobody scored: null aggregate, flagged
        for (const [ji, j] of judges.entries()) {
          if ((ei + ji) % 7 === 0) continue; // some entries get fewer judges than the minimum
          // Judge 6 gives everything the same marks: no spread, so normalisation only shifts.
          const values = criteria.map((c) => (ji === 5 ? c.maxPoints / 2 : Math.round(rand() * c.maxPoints * 4) / 4));
          const status = (ei * 6 + ji) % 11 === 0 ? "DRAFT" : "SUBMITTED";
          const total = values.reduce((s, v, k) => s + v * criteria[k]!.weight, 0);
          await t.db.score.create({
            data: {
              roundId: round.id,
              entryId: e.id,
              judgeId: j.id,
              status,
              submittedAt: status === "SUBMITTED" ? new Date() : null,
              // Every third sheet without a stored total: it is summed from its values.
              weightedTotal: status === "SUBMITTED" && (ei + ji) % 3 !== 0 ? total : null,
              values: { create: criteria.map((c, k) => ({ criterionId: c.id, value: values[k]! })) },
            },
          });
        }
      }
    }
    await t.db.conflictDeclaration.createMany({
      data: [
        {
          roundId: r1!.id,
          entryId: entries[1]!.id,
          judgeId: judges[0]!.id,
          kind: "RECUSED_BY_ORGANIZER",
          reason: "đồng nghiệp",
        },
        {
          roundId: null,
          entryId: entries[2]!.id,
          judgeId: judges[1]!.id,
          kind: "DECLARED_BY_JUDGE",
          reason: "người nhà",
        },
        {
          roundId: r2!.id,
          entryId: entries[3]!.id,
          judgeId: judges[2]!.id,
          kind: "ABSTAINED",
          reason: "không đủ chuyên môn",
        },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases: [AggregationMethod, boolean, number][] = [
    ["MEAN", false, 0],
    ["MEAN", true, 0],
    ["TRIMMED_MEAN", false, 20],
    ["TRIMMED_MEAN", true, 40],
    ["MEDIAN", false, 0],
    ["MEDIAN", true, 0],
  ];
  it.each(cases)(
    "round 1, %s, normalised %s, trim %i: the preview equals the domain",
    async (aggregation, normalizeZScores, trimPercent) => {
      const r1 = contest.rounds[0]!;
      await t.db.round.update({ where: { id: r1.id }, data: { aggregation, normalizeZScores, trimPercent } });
      const { closing } = await previewRound(t.db, r1.id);
      expect(closing.entries).toHaveLength(23);
      expect(closing.flagged.length).toBeGreaterThan(0);
      expectSame(closing, await reference(r1.id));
    },
  );

  it("judge totals are every counted sheet of the round (an ineligible entry's too), and the round page's consistency and close plan are the domain's", async () => {
    const r1 = contest.rounds[0]!;
    const sheets = await t.db.score.findMany({
      where: { roundId: r1.id, status: "SUBMITTED" },
      include: { values: { include: { criterion: true } } },
    });
    const conflicts = await t.db.conflictDeclaration.findMany({
      where: { OR: [{ roundId: r1.id }, { roundId: null }] },
    });
    const conflicted = new Set(conflicts.map((c) => `${c.judgeId}:${c.entryId}`));
    const expected = sheets
      .filter((s) => !conflicted.has(`${s.judgeId}:${s.entryId}`))
      .map((s) => ({
        judgeId: s.judgeId,
        entryId: s.entryId,
        total: s.values.reduce((sum, v) => sum + v.value * v.criterion.weight, 0),
      }));
    const key = (x: JudgeTotal) => `${x.judgeId}:${x.entryId}`;
    const actual = await judgeTotals(t.db, r1.id);
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    const want = new Map(expected.map((x) => [key(x), x.total]));
    for (const x of actual) expect(x.total).toBeCloseTo(want.get(key(x))!, 9);
    const ineligible = (await t.db.entry.findFirstOrThrow({ where: { contestId: contest.id, status: "INELIGIBLE" } }))
      .id;
    expect(actual.some((x) => x.entryId === ineligible)).toBe(true);

    await t.db.round.update({ where: { id: r1.id }, data: { aggregation: "MEAN", normalizeZScores: true } });
    const page = await roundOverview(t.db, contest.id, 1, "vi", { closePlan: true });
    const consistency = judgeConsistency(actual);
    expect(page.consistency.judges.map((j) => [j.judgeId, j.count, j.mean, j.bias])).toEqual(
      consistency.map((j) => [j.judgeId, j.count, j.mean, j.bias]),
    );
    expect(page.consistency.disagreements.map((d) => d.entryId)).toEqual(
      largestDisagreements(actual, 10).map((d) => d.entryId),
    );
    const reference_ = await reference(r1.id);
    expect(page.total).toBe(reference_.entries.length);
    expect(page.flagged).toBe(reference_.flagged.length);
    expect(page.plan?.advancing.map((a) => a.code).sort()).toEqual(
      (
        await t.db.entry.findMany({
          where: { id: { in: reference_.entries.filter((e) => e.advanced).map((e) => e.entryId) } },
          select: { code: true },
        })
      )
        .map((e) => e.code)
        .sort(),
    );
  });

  it("closing stores what the domain decides, and the ADVANCED round 2 aggregates the advanced entries as the domain does", async () => {
    const [r1, r2] = contest.rounds;
    await t.db.round.update({
      where: { id: r1!.id },
      data: { aggregation: "TRIMMED_MEAN", normalizeZScores: true, trimPercent: 20 },
    });
    const expected = await reference(r1!.id);
    const actor = await makeUser(t.db);
    await closeRound(t.db, { contestId: contest.id, roundId: r1!.id, actorId: actor.id, acknowledgeFlags: true });
    const stored = await t.db.roundResult.findMany({ where: { roundId: r1!.id } });
    const byId = new Map(stored.map((r) => [r.entryId, r]));
    expect(stored).toHaveLength(expected.entries.length);
    for (const e of expected.entries) {
      const s = byId.get(e.entryId)!;
      expect([s.judgeCount, s.tooFewJudges, s.advanced]).toEqual([e.judgeCount, e.tooFewJudges, e.advanced]);
      if (e.aggregate === null) expect(s.aggregate).toBeNull();
      else expect(s.aggregate).toBeCloseTo(e.aggregate, 9);
    }
    // Top 4 per category advanced (more on a tie at the cut), nothing unscored.
    expect(stored.filter((r) => r.advanced).length).toBeGreaterThanOrEqual(8);

    await t.db.round.update({ where: { id: r2!.id }, data: { aggregation: "MEDIAN", normalizeZScores: true } });
    const { closing } = await previewRound(t.db, r2!.id);
    expect(closing.entries.map((e) => e.entryId).sort()).toEqual(
      stored
        .filter((r) => r.advanced)
        .map((r) => r.entryId)
        .sort(),
    );
    expectSame(closing, await reference(r2!.id));
  });
});

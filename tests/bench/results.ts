/**
 * Results for 10,000 entries × 15 judges × 5 criteria (150,000 score sheets, 750,000 values):
 * first the pure domain (weighted totals, aggregation by every method, z-score normalisation,
 * allocation, payouts), then end to end from the database (aggregate in SQL, close the round,
 * compute the results). Prints figures; asserts nothing about time.
 *
 *   npx tsx tests/bench/results.ts                    # embedded PGlite
 *   TEST_DB=postgres TEST_DATABASE_URL=postgresql://… npx tsx tests/bench/results.ts
 */
import { performance } from "node:perf_hooks";
import { resourceUsage } from "node:process";
import { getHeapStatistics } from "node:v8";
import { aggregateEntries, type AggregationMethod, type JudgeTotal } from "#app/domain/aggregation.ts";
import { allocateCategory } from "#app/domain/allocation.ts";
import { splitPrize } from "#app/domain/payouts.ts";
import { weightedTotal } from "#app/domain/rubric.ts";
import { computeResults } from "#app/server/results/results.server.ts";
import { closeRound, previewRound, roundOverview } from "#app/server/organizer/rounds.server.ts";
import { RESULTS_EXTRA_ROWS } from "#app/server/results/results-view.server.ts";
import { awardDecisionPdf, minutesPdf } from "#app/server/results/pdf-docs.server.ts";
import { payoutsXlsx, rankingXlsx, scoreMatrixXlsx } from "#app/server/results/xlsx.server.ts";
import { createTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";
import { TIERS } from "#prisma/seed-data.ts";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const JUDGES = 15;
const CRITERIA = 5;
const CATEGORIES = 4;

// A small deterministic generator, so every run measures the same data.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

async function time<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
  return out;
}

async function domain() {
  console.log(`Domain: ${ENTRIES} entries × ${JUDGES} judges × ${CRITERIA} criteria`);
  const criteria = Array.from({ length: CRITERIA }, (_, i) => ({
    id: `c${i + 1}`,
    position: i + 1,
    maxPoints: 20,
    weight: 1,
  }));
  const sheets = await time(`generate ${ENTRIES * JUDGES} sheets`, () => {
    const out: { judgeId: string; entryId: string; values: Record<string, number> }[] = [];
    for (let e = 0; e < ENTRIES; e++) {
      const quality = rand() * 8;
      for (let j = 0; j < JUDGES; j++) {
        const values: Record<string, number> = {};
        for (const c of criteria) values[c.id] = Math.min(20, Math.round((quality + 8 + rand() * 4) * 4) / 4);
        out.push({ judgeId: `j${j}`, entryId: `e${e}`, values });
      }
    }
    return out;
  });
  const totals: JudgeTotal[] = await time("weighted totals", () =>
    sheets.map((s) => ({ judgeId: s.judgeId, entryId: s.entryId, total: weightedTotal(criteria, s.values)! })),
  );
  const ids = Array.from({ length: ENTRIES }, (_, e) => `e${e}`);
  let last: ReturnType<typeof aggregateEntries> = [];
  for (const method of ["MEAN", "TRIMMED_MEAN", "MEDIAN"] as AggregationMethod[]) {
    last = await time(`aggregate ${method}`, () =>
      aggregateEntries(ids, totals, { method, trimPercent: 20, normalise: false, minJudges: 3 }),
    );
  }
  last = await time("aggregate MEAN with per-judge z-scores", () =>
    aggregateEntries(ids, totals, { method: "MEAN", trimPercent: 0, normalise: true, minJudges: 3 }),
  );
  const tiers = TIERS.map((t) => ({ ...t, id: `t${t.position}`, minScore: null }));
  const allocations = await time(`allocate ${CATEGORIES} categories (1/1/3/5 tiers)`, () =>
    Array.from({ length: CATEGORIES }, (_, c) =>
      allocateCategory(
        last.filter((_, i) => i % CATEGORIES === c),
        tiers,
      ),
    ),
  );
  await time("payouts (3 co-authors per prize)", () =>
    allocations.flatMap((a) =>
      a.awards.map((w) =>
        splitPrize(
          w.amount,
          [1, 2, 3].map((p) => ({ authorId: `a${p}`, position: p, shareBp: p === 3 ? 3400 : 3300 })),
        ),
      ),
    ),
  );
  console.log(
    `  → awards ${allocations.reduce((s, a) => s + a.awards.length, 0)}, ties reported ${allocations.reduce((s, a) => s + a.conflicts.length, 0)}`,
  );
}

async function database() {
  const t = await time("create and migrate a fresh database", () => createTestDb());
  console.log(`Database (${t.engine}): ${ENTRIES} entries × ${JUDGES} judges × ${CRITERIA} criteria`);
  try {
    const db = t.db;
    const contest = await makeContest(db, { phase: "JUDGING" });
    const round = contest.rounds[0]!;
    await db.round.delete({ where: { id: contest.rounds[1]!.id } });
    await db.criterion.deleteMany({ where: { roundId: round.id } });
    await db.round.update({
      where: { id: round.id },
      data: {
        status: "OPEN",
        isFinal: true,
        advancementRule: "NONE",
        aggregation: "TRIMMED_MEAN",
        minJudgesPerEntry: 3,
        criteria: {
          create: Array.from({ length: CRITERIA }, (_, i) => ({
            position: i + 1,
            nameVi: `Tiêu chí ${i + 1}`,
            nameEn: `Criterion ${i + 1}`,
            maxPoints: 20,
          })),
        },
      },
    });
    const submitter = await makeUser(db);
    const judges: { id: string }[] = [];
    for (let j = 0; j < JUDGES; j++) judges.push(await makeUser(db, { email: `bench-gk${j}@example.test` }));
    await time(`insert ${ENTRIES} entries with authors`, async () => {
      for (let from = 0; from < ENTRIES; from += 500) {
        const batch = Array.from({ length: Math.min(500, ENTRIES - from) }, (_, k) => from + k);
        await db.entry.createMany({
          data: batch.map((i) => ({
            id: `bench-e${i}`,
            contestId: contest.id,
            categoryId: contest.categories[i % CATEGORIES]!.id,
            submitterId: submitter.id,
            code: `B-${i}`,
            title: `Tác phẩm ${i}`,
            outlet: "Báo Thử",
            status: "ELIGIBLE" as const,
            submittedAt: new Date(),
          })),
        });
        await db.entryAuthor.createMany({
          data: batch.map((i) => ({ entryId: `bench-e${i}`, position: 1, fullName: `Tác giả ${i}`, shareBp: 10_000 })),
        });
      }
    });
    await time(`insert ${ENTRIES * JUDGES} assignments and score sheets`, async () => {
      const ids = judges.map((j) => `'${j.id}'`).join(",");
      await db.$executeRawUnsafe(`
        INSERT INTO "Assignment" ("id","roundId","entryId","judgeId")
        SELECT 'a-' || e."id" || '-' || j."id", '${round.id}', e."id", j."id" FROM "Entry" e CROSS JOIN "User" j
        WHERE e."contestId" = '${contest.id}' AND j."id" IN (${ids})`);
      await db.$executeRawUnsafe(`
        INSERT INTO "Score" ("id","roundId","entryId","judgeId","status","submittedAt","updatedAt")
        SELECT 's-' || e."id" || '-' || j."id", '${round.id}', e."id", j."id", 'SUBMITTED', now(), now() FROM "Entry" e CROSS JOIN "User" j
        WHERE e."contestId" = '${contest.id}' AND j."id" IN (${ids})`);
    });
    await time(`insert ${ENTRIES * JUDGES * CRITERIA} score values`, () =>
      db.$executeRawUnsafe(`
        INSERT INTO "ScoreValue" ("scoreId","criterionId","value")
        SELECT s."id", c."id", floor(random() * 81) / 4 FROM "Score" s CROSS JOIN "Criterion" c
        WHERE s."roundId" = '${round.id}' AND c."roundId" = '${round.id}'`),
    );
    // Submitting a sheet stores its weighted total (saveScore); the fixture does the same.
    await time("store each sheet's weighted total (as submitting does)", () =>
      db.$executeRawUnsafe(`
        UPDATE "Score" s SET "weightedTotal" = t."total" FROM (
          SELECT v."scoreId", SUM(v."value" * c."weight")::float8 AS "total"
          FROM "ScoreValue" v JOIN "Criterion" c ON c."id" = v."criterionId" GROUP BY v."scoreId") t
        WHERE t."scoreId" = s."id" AND s."roundId" = '${round.id}'`),
    );
    // Fresh bulk inserts have no planner statistics yet; a live database has them (autovacuum
    // on PostgreSQL, the ANALYZE the app runs at start on PGlite).
    await time("ANALYZE (as autovacuum or the app's start would)", () => db.$executeRawUnsafe("ANALYZE"));
    const preview = await time("aggregate from the database (preview, no writes)", () => previewRound(db, round.id));
    console.log(
      `  → ${preview.aggregates.reduce((n, a) => n + a.judgeCount, 0)} judge totals, ${preview.aggregates.length} aggregates`,
    );
    // The organizer's results page while the final round is still open computes totals live.
    await time("compute results of the open round (live totals)", () => computeResults(db, contest.id));
    await time("organizer results page of the open round (shown entries)", () =>
      computeResults(db, contest.id, "vi", { shownRows: RESULTS_EXTRA_ROWS }),
    );
    await time("organizer round page with the close plan (aggregates, consistency)", () =>
      roundOverview(db, contest.id, 1, "vi", { closePlan: true }),
    );
    const actor = await makeUser(db);
    await time("close the round (aggregate + store RoundResult rows)", () =>
      closeRound(db, { contestId: contest.id, roundId: round.id, actorId: actor.id, acknowledgeFlags: true }),
    );
    const results = await time("compute results: ranking, allocation, ties, payouts", () =>
      computeResults(db, contest.id),
    );
    console.log(
      `  → prize money ${results.total.toLocaleString("vi-VN")} ₫, unresolved ties ${results.unresolvedTies}`,
    );
    // The organizer's downloads of the closed round (what organizer.$slug.results.export.$kind
    // runs in the server), so a heap limit of `npm start` can be checked against them.
    const size = (b: Buffer | null) => `${((b?.length ?? 0) / 1024).toFixed(0)} KiB`;
    const files = [
      ["score matrix (xlsx)", () => scoreMatrixXlsx(db, contest.id, "vi")],
      ["ranking (xlsx)", () => rankingXlsx(results, "vi")],
      ["payout list (xlsx)", () => payoutsXlsx(results, "vi")],
      ["award decision (pdf)", () => awardDecisionPdf(results)],
      ["jury minutes (pdf)", () => minutesPdf(db, results)],
    ] as const;
    for (const [label, make] of files) console.log(`    ${size(await time(`export: ${label}`, make))}`);
    const mem = process.memoryUsage();
    console.log(
      `  process: heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} used of ${(mem.heapTotal / 2 ** 20).toFixed(0)} MiB, ` +
        `heap limit ${(getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} MiB, RSS peak ${(resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  } finally {
    await t.close();
  }
}

// BENCH_DOMAIN=0 skips the pure-domain part, e.g. to run the database part alone under the heap
// limit of `npm start` (NODE_OPTIONS=--max-old-space-size=192): the domain part holds all
// 150,000 sheets in this process at once, which the server never does.
if (process.env.BENCH_DOMAIN !== "0") await domain();
await database();

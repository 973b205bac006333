import { closeRound as decideClosing, type RoundClosing } from "#app/domain/advancement.ts";
import { aggregate, type EntryAggregate, type JudgeTotal } from "#app/domain/aggregation.ts";
import { judgeConsistency, largestDisagreements } from "#app/domain/consistency.ts";
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { openRoundRefusal, type RoundOpenRefusal } from "#app/domain/status.ts";
import { pickLocale } from "#app/domain/text.ts";
import { Prisma, type Round } from "#app/generated/prisma/client.ts";
import { roundOpenedMail } from "#emails/judge/round-opened.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import { appUrl } from "../shared/env.server.ts";
import { DomainError } from "../shared/errors.server.ts";
import { openRoundEntries } from "../judging/judging.server.ts";
import { enqueueMail } from "../shared/mail.server.ts";
import { changeContestPhase, changeRoundStatus } from "../shared/status.server.ts";

/** Entries a round judges: all eligible entries, or those the previous round advanced. */
export async function roundEntries(
  db: DbTx,
  round: Pick<Round, "contestId" | "position" | "source">,
): Promise<{ id: string; categoryId: string }[]> {
  if (round.source === "ALL_ELIGIBLE" || round.position === 1) {
    return db.entry.findMany({
      where: { contestId: round.contestId, status: "ELIGIBLE" },
      select: { id: true, categoryId: true },
      orderBy: { code: "asc" },
    });
  }
  const prev = await db.round.findUnique({
    where: { contestId_position: { contestId: round.contestId, position: round.position - 1 } },
  });
  if (!prev) return [];
  const rows = await db.roundResult.findMany({
    where: { roundId: prev.id, advanced: true, entry: { status: "ELIGIBLE" } },
    select: { entry: { select: { id: true, categoryId: true, code: true } } },
  });
  return rows
    .map((r) => r.entry)
    .sort((a, b) => (a.code ?? "").localeCompare(b.code ?? ""))
    .map(({ id, categoryId }) => ({ id, categoryId }));
}

/**
 * The (judge, entry) pairs whose scores never count in the round: a judge recused (by the
 * organizer) or self-declared conflicted after submitting keeps the score row for the record.
 * Used as `(judgeId, entryId) NOT IN (…)`: PostgreSQL hashes the few declarations once, where
 * the correlated NOT EXISTS ran as a nested loop rescanning the declarations for each of
 * 150,000 sheets (the planner deems that free for a nearly empty table): 1.1 s of 1.3 s of the
 * scan on PGlite. Both columns are NOT NULL, so NOT IN means the same as NOT EXISTS.
 */
const conflictedPairs = (roundId: string) => Prisma.sql`
  SELECT d."judgeId", d."entryId" FROM "ConflictDeclaration" d WHERE d."roundId" = ${roundId} OR d."roundId" IS NULL`;

/**
 * Each submitted score's weighted total. The total is stored on the sheet when it is
 * submitted (Score.weightedTotal), so at 10,000 entries this reads 150,000 sheets instead of
 * joining and regrouping their 750,000 criterion values; a sheet written without it (a path
 * that does not store it yet) is summed from its values, the same Σ value × weight.
 */
export async function judgeTotals(db: DbTx, roundId: string): Promise<JudgeTotal[]> {
  // Three JSON arrays instead of 150,000 rows: decoding rows one by one through the driver
  // cost far more than the query itself (PGlite especially), and one JSON value per sheet
  // (json_agg of json_build_array) tripled the query's own time. The two branches keep the
  // planner's estimate honest: a correlated fallback in one select looked so costly to it that
  // PostgreSQL spent two seconds JIT-compiling a query that runs in a fraction of that.
  const query = db.$queryRaw<{ totals: string }[]>`
    SELECT json_build_array(array_agg(t."judgeId"), array_agg(t."entryId"), array_agg(t."total"))::text AS "totals" FROM (
      SELECT s."judgeId", s."entryId", s."weightedTotal" AS "total"
      FROM "Score" s
      WHERE s."roundId" = ${roundId} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NOT NULL
        AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(roundId)})
      UNION ALL
      SELECT s."judgeId", s."entryId", SUM(v."value" * c."weight")::float8
      FROM "Score" s
      JOIN "ScoreValue" v ON v."scoreId" = s."id"
      JOIN "Criterion" c ON c."id" = v."criterionId"
      WHERE s."roundId" = ${roundId} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NULL
        AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(roundId)})
      GROUP BY s."id", s."judgeId", s."entryId") t`;
  const [row] = await query;
  const [judges, entries, totals] = JSON.parse(row?.totals ?? "[null,null,null]") as [
    string[] | null,
    string[] | null,
    number[] | null,
  ];
  if (!judges || !entries || !totals) return [];
  return judges.map((judgeId, i) => ({ judgeId, entryId: entries[i]!, total: Number(totals[i]) }));
}

/**
 * Drops the scores of judges with a conflict declaration (recusal, self-declared conflict,
 * abstention) on that entry: such scores stay on record but never count — the same rule as
 * the SQL in judgeTotals, for callers that read score rows through Prisma.
 */
export async function countingScores<T extends { judgeId: string; entryId: string }>(
  db: DbTx,
  roundId: string,
  rows: T[],
): Promise<T[]> {
  if (rows.length === 0) return rows;
  const declarations = await db.conflictDeclaration.findMany({
    where: { entryId: { in: [...new Set(rows.map((r) => r.entryId))] }, OR: [{ roundId }, { roundId: null }] },
    select: { judgeId: true, entryId: true },
  });
  const conflicted = new Set(declarations.map((d) => `${d.judgeId}:${d.entryId}`));
  return rows.filter((r) => !conflicted.has(`${r.judgeId}:${r.entryId}`));
}

export interface RoundPreview {
  round: Round;
  aggregates: (EntryAggregate & { categoryId: string })[];
  closing: RoundClosing;
}

/**
 * The round's entries (as roundEntries lists them) with the totals that count for each:
 * submitted sheets only, conflicted pairs dropped, and with per-judge z-score normalisation
 * when the round asks for it (normaliseByJudge's formula, in SQL). The database joins, filters,
 * normalises and groups; 10,000 short arrays come back as one JSON value instead of 150,000
 * rows, which decoding in the driver made the slow part (PGlite especially).
 */
export async function countedTotalsByEntry(
  db: DbTx,
  round: Pick<Round, "id" | "contestId" | "position" | "source" | "normalizeZScores">,
): Promise<{ id: string; categoryId: string; totals: number[] }[]> {
  const allEligible = round.source === "ALL_ELIGIBLE" || round.position === 1;
  let prevId: string | null = null;
  if (!allEligible) {
    const prev = await db.round.findUnique({
      where: { contestId_position: { contestId: round.contestId, position: round.position - 1 } },
      select: { id: true },
    });
    if (!prev) return [];
    prevId = prev.id;
  }
  const counted = Prisma.sql`
    SELECT s."judgeId", s."entryId", s."weightedTotal" AS "total"
    FROM "Score" s JOIN entries e ON e."id" = s."entryId"
    WHERE s."roundId" = ${round.id} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NOT NULL
      AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(round.id)})
    UNION ALL
    SELECT s."judgeId", s."entryId", SUM(v."value" * c."weight")::float8
    FROM "Score" s JOIN entries e ON e."id" = s."entryId"
    JOIN "ScoreValue" v ON v."scoreId" = s."id"
    JOIN "Criterion" c ON c."id" = v."criterionId"
    WHERE s."roundId" = ${round.id} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NULL
      AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(round.id)})
    GROUP BY s."id", s."judgeId", s."entryId"`;
  // z = (x − μ_judge) / σ_judge mapped onto the panel's scale (z × σ_all + μ_all); a judge with
  // no spread is only shifted. Population σ in two passes, as stdDev computes it.
  const used = round.normalizeZScores
    ? Prisma.sql`
      t AS (${counted}),
      jm AS (SELECT "judgeId", avg("total") AS "mu" FROM t GROUP BY "judgeId"),
      js AS (
        SELECT t."judgeId", jm."mu",
          CASE WHEN count(*) < 2 THEN 0 ELSE sqrt(sum((t."total" - jm."mu") * (t."total" - jm."mu")) / count(*)) END AS "sd"
        FROM t JOIN jm USING ("judgeId") GROUP BY t."judgeId", jm."mu"),
      am AS (SELECT avg("total") AS "mu" FROM t),
      pan AS (
        SELECT am."mu", CASE WHEN count(*) < 2 THEN 0 ELSE sqrt(sum((t."total" - am."mu") * (t."total" - am."mu")) / count(*)) END AS "sd"
        FROM t CROSS JOIN am GROUP BY am."mu"),
      u AS (
        SELECT t."entryId",
          CASE WHEN js."sd" > 0 THEN ((t."total" - js."mu") / js."sd") * pan."sd" + pan."mu" ELSE t."total" - js."mu" + pan."mu" END AS "total"
        FROM t JOIN js USING ("judgeId") CROSS JOIN pan)`
    : Prisma.sql`u AS (${counted})`;
  const [row] = await db.$queryRaw<{ out: string | null }[]>`
    WITH entries AS (
      SELECT e."id", e."categoryId", e."code" FROM "Entry" e
      WHERE e."contestId" = ${round.contestId} AND e."status" = 'ELIGIBLE'
        AND (${allEligible}::boolean OR e."id" IN (
          SELECT r."entryId" FROM "RoundResult" r WHERE r."roundId" = ${prevId}::text AND r."advanced"))
    ),
    ${used},
    g AS (SELECT "entryId", json_agg("total") AS "totals" FROM u GROUP BY "entryId")
    SELECT json_build_array(
      json_agg(e."id" ORDER BY e."code"), json_agg(e."categoryId" ORDER BY e."code"),
      json_agg(e."code" ORDER BY e."code"), json_agg(g."totals" ORDER BY e."code"))::text AS "out"
    FROM entries e LEFT JOIN g ON g."entryId" = e."id"`;
  const [ids, categories, codes, totals] = JSON.parse(row?.out ?? "[null,null,null,null]") as [
    string[] | null,
    string[] | null,
    (string | null)[] | null,
    (number[] | null)[] | null,
  ];
  if (!ids || !categories || !codes || !totals) return [];
  const out = ids.map((id, i) => ({ id, categoryId: categories[i]!, code: codes[i] ?? "", totals: totals[i] ?? [] }));
  // Same order as roundEntries: the database's order by code, or code order in JS for a later round.
  if (!allEligible) out.sort((a, b) => a.code.localeCompare(b.code));
  return out.map(({ id, categoryId, totals: t }) => ({ id, categoryId, totals: t }));
}

/** What closing the round would do, without writing anything. */
export async function previewRound(db: DbTx, roundId: string): Promise<RoundPreview> {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError("round_not_found");
  const entries = await countedTotalsByEntry(db, round);
  // Normalisation is done (in SQL) already; each entry's method is the domain's own function.
  const aggregates = entries.map((e) => ({
    entryId: e.id,
    categoryId: e.categoryId,
    aggregate: aggregate(e.totals, round.aggregation, round.trimPercent),
    judgeCount: e.totals.length,
    tooFewJudges: e.totals.length < round.minJudgesPerEntry,
  }));
  const closing = decideClosing(aggregates, {
    rule: round.isFinal ? "NONE" : round.advancementRule,
    topN: round.advanceTopN,
    threshold: round.advanceThreshold,
  });
  return { round, aggregates, closing };
}

/**
 * Which entries each judge will find in the round: their assignments and, in a round open to
 * the whole panel (onlyAssignedEntries off), every entry of the round they may judge.
 */
async function entriesByJudge(db: DbTx, round: Round): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const add = (judgeId: string, entryId: string) => {
    if (!out.has(judgeId)) out.set(judgeId, new Set());
    out.get(judgeId)!.add(entryId);
  };
  for (const a of await db.assignment.findMany({
    where: { roundId: round.id },
    select: { judgeId: true, entryId: true },
  }))
    add(a.judgeId, a.entryId);
  if (!round.onlyAssignedEntries) {
    const grants = await db.roleGrant.findMany({
      where: { contestId: round.contestId, role: "JUDGE", OR: [{ roundId: null }, { roundId: round.id }] },
      select: { userId: true },
      distinct: ["userId"],
    });
    for (const g of grants) for (const e of await openRoundEntries(db, g.userId, round)) add(g.userId, e.id);
  }
  return out;
}

const pairCount = (m: Map<string, Set<string>>) => [...m.values()].reduce((n, s) => n + s.size, 0);

/**
 * Opens a PENDING round in the caller's transaction, through the one round-status service,
 * and queues the judges' mails. `automatic` is the previous round's closing: the entries it
 * advanced are only known at that moment, so the next round cannot have assignments yet and
 * the "no assignments" rule does not apply; its judges are mailed when they get assignments.
 */
async function openRoundInTx(
  tx: DbTx,
  round: Round,
  input: { actorId: string | null; requestId?: string; automatic?: boolean },
): Promise<{ judgesNotified: number }> {
  if (round.status !== "PENDING") throw new DomainError("round_not_pending");
  // Sequential: inside a transaction the queries share one connection anyway.
  const contest = await tx.contest.findUniqueOrThrow({ where: { id: round.contestId }, select: { phase: true } });
  const earlier = await tx.round.findMany({
    where: { contestId: round.contestId, position: { lt: round.position } },
    select: { status: true },
  });
  const assignments = pairCount(await entriesByJudge(tx, round));
  const refusal = openRoundRefusal({
    phase: contest.phase,
    earlierRounds: earlier.map((r) => r.status),
    assignments: input.automatic ? Math.max(assignments, 1) : assignments,
  });
  if (refusal) throw new DomainError(refusal);
  await changeRoundStatus(tx, {
    roundId: round.id,
    from: "PENDING",
    to: "OPEN",
    actorId: input.actorId,
    requestId: input.requestId,
    details: { assignments, ...(input.automatic ? { openedBy: "previous round closed" } : {}) },
  });
  return { judgesNotified: await notifyRoundJudges(tx, round.id) };
}

/**
 * The organizer opens a round (round 1, or a later round the previous closing left pending).
 * One transaction: a second click finds the round open and is refused, and mails go out once.
 */
export async function openRound(
  db: Db,
  input: { contestId: string; roundId: string; actorId: string | null; requestId?: string },
): Promise<{ judgesNotified: number }> {
  return db.$transaction(async (tx) => {
    const round = await tx.round.findUnique({ where: { id: input.roundId } });
    if (!round || round.contestId !== input.contestId) throw new DomainError("round_not_found");
    return openRoundInTx(tx, round, input);
  });
}

/**
 * Tells each judge with assignments in an open round how many entries wait for them, once per
 * round and judge (the dedupe key): opening mails everyone assigned so far, and assignments
 * generated later in the open round mail only the judges who had none. Judges whose account
 * is disabled or whose grant for the contest was revoked are left out.
 */
export async function notifyRoundJudges(tx: DbTx, roundId: string): Promise<number> {
  const round = await tx.round.findUniqueOrThrow({
    where: { id: roundId },
    include: { contest: { select: { nameVi: true, nameEn: true } } },
  });
  if (round.status !== "OPEN") return 0;
  const perJudge = await entriesByJudge(tx, round);
  if (perJudge.size === 0) return 0;
  const judges = await tx.user.findMany({
    where: {
      id: { in: [...perJudge.keys()] },
      disabledAt: null,
      roleGrants: { some: { contestId: round.contestId, role: "JUDGE" } },
    },
    select: { id: true, email: true, name: true, locale: true },
  });
  for (const j of judges) {
    const locale = j.locale === "en" ? "en" : "vi";
    await enqueueMail(tx, {
      to: j.email,
      template: "judge/round-opened",
      locale,
      dedupeKey: `round-opened:${round.id}:${j.id}`,
      message: roundOpenedMail({
        locale,
        name: j.name,
        contestName: pickLocale(locale, round.contest.nameVi, round.contest.nameEn),
        roundName: pickLocale(locale, round.nameVi, round.nameEn),
        entries: perJudge.get(j.id)?.size ?? 0,
        deadline: round.scoringDeadline ? formatIsoDate(toIsoDate(round.scoringDeadline)) : null,
        url: `${appUrl()}/judge`,
      }),
    });
  }
  return judges.length;
}

export interface OpenChecklist {
  entries: number;
  judges: number;
  /** Judge × entry pairs: assignments, plus what a round open to the whole panel shows. */
  assignments: number;
  /** Entries of the round with fewer assigned judges than the round's minimum. */
  underStaffed: { code: string; title: string; judges: number }[];
  /** Judges who may judge this round but have no entry in it. */
  idleJudges: string[];
  minJudges: number;
  /** dd/mm/yyyy, or null when the round has no scoring deadline. */
  deadline: string | null;
  /** Why opening would be refused now, or null. */
  refusal: RoundOpenRefusal | null;
}

/** What the organizer checks before opening a round. Reads only. */
export async function openChecklist(db: Db, roundId: string): Promise<OpenChecklist> {
  const round = await db.round.findUniqueOrThrow({ where: { id: roundId } });
  const entries = await roundEntries(db, round);
  const perJudge = await entriesByJudge(db, round);
  const assignments = [...perJudge].flatMap(([judgeId, ids]) => [...ids].map((entryId) => ({ judgeId, entryId })));
  const [contest, earlier, grants] = await Promise.all([
    db.contest.findUniqueOrThrow({ where: { id: round.contestId }, select: { phase: true } }),
    db.round.findMany({
      where: { contestId: round.contestId, position: { lt: round.position } },
      select: { status: true },
    }),
    db.roleGrant.findMany({
      where: {
        contestId: round.contestId,
        role: "JUDGE",
        OR: [{ roundId: null }, { roundId }],
        user: { disabledAt: null },
      },
      select: { user: { select: { id: true, name: true } } },
    }),
  ]);
  const perEntry = new Map<string, number>();
  for (const a of assignments) perEntry.set(a.entryId, (perEntry.get(a.entryId) ?? 0) + 1);
  const short = entries.filter((e) => (perEntry.get(e.id) ?? 0) < round.minJudgesPerEntry);
  const info = await db.entry.findMany({
    where: { id: { in: short.map((e) => e.id) } },
    select: { id: true, code: true, title: true },
    orderBy: { code: "asc" },
  });
  const judges = new Map(grants.map((g) => [g.user.id, g.user.name]));
  const busy = new Set(assignments.map((a) => a.judgeId));
  return {
    entries: entries.length,
    judges: judges.size,
    assignments: assignments.length,
    underStaffed: info.map((e) => ({ code: e.code ?? "", title: e.title, judges: perEntry.get(e.id) ?? 0 })),
    idleJudges: [...judges]
      .filter(([id]) => !busy.has(id))
      .map(([, name]) => name)
      .sort((a, b) => a.localeCompare(b, "vi")),
    minJudges: round.minJudgesPerEntry,
    deadline: round.scoringDeadline ? formatIsoDate(toIsoDate(round.scoringDeadline)) : null,
    refusal:
      round.status === "PENDING"
        ? openRoundRefusal({
            phase: contest.phase,
            earlierRounds: earlier.map((r) => r.status),
            assignments: assignments.length,
          })
        : null,
  };
}

/**
 * Closes an open round: stores each entry's aggregate (RoundResult), the flags and who
 * advanced, opens the next round, and after the final round moves the contest to
 * RESULTS_REVIEW. One transaction; a second click finds the round closed and changes nothing.
 */
export async function closeRound(
  db: Db,
  input: { contestId: string; roundId: string; actorId: string; acknowledgeFlags: boolean; requestId?: string },
): Promise<RoundClosing> {
  return db.$transaction(
    async (tx) => {
      const preview = await previewRound(tx, input.roundId);
      const { round, closing } = preview;
      if (round.contestId !== input.contestId) throw new DomainError("round_not_found");
      if (round.status !== "OPEN") throw new DomainError("round_not_open");
      if (closing.flagged.length > 0 && !input.acknowledgeFlags) {
        throw new DomainError("round_flags", { count: closing.flagged.length, min: round.minJudgesPerEntry });
      }
      const next = round.isFinal
        ? null
        : await tx.round.findUnique({
            where: { contestId_position: { contestId: round.contestId, position: round.position + 1 } },
          });
      const opensNext = next?.status === "PENDING" ? next : null;
      await changeRoundStatus(tx, {
        roundId: round.id,
        from: "OPEN",
        to: "CLOSED",
        actorId: input.actorId,
        requestId: input.requestId,
        details: {
          entries: closing.entries.length,
          advanced: closing.entries.filter((e) => e.advanced).length,
          flagged: closing.flagged,
          nextRoundOpened: opensNext?.id ?? null,
        },
      });
      const t = now();
      await storeRoundResults(tx, round.id, closing.entries, t);
      if (opensNext)
        await openRoundInTx(tx, opensNext, { actorId: input.actorId, requestId: input.requestId, automatic: true });
      if (round.isFinal) {
        const contest = await tx.contest.findUniqueOrThrow({ where: { id: round.contestId }, select: { phase: true } });
        if (contest.phase === "JUDGING") {
          await changeContestPhase(tx, {
            contestId: round.contestId,
            to: "RESULTS_REVIEW",
            actorId: input.actorId,
            requestId: input.requestId,
            reason: "final_round_closed",
          });
        }
      }
      return closing;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Replaces a round's stored results with `entries`, in one statement: 10,000 rows through
 * createMany cost seconds of ORM work per call; one JSON parameter expanded in SQL does not.
 *
 * The foreign-key checks are done set-based: PostgreSQL checks each inserted row's two foreign
 * keys with a query of its own (20,000 for 10,000 entries), which was 1.8 of the insert's 2.0 s
 * on PGlite. Where the session may (a superuser: always on PGlite), one statement locks the
 * referenced round and entries FOR KEY SHARE — exactly what each per-row check does, so they can
 * be neither deleted nor re-keyed until the transaction ends — refuses if any is missing, and
 * the insert then runs with triggers off for that one statement (session_replication_role;
 * switched back at once, so the audit log's append-only triggers stay in force).
 */
export async function storeRoundResults(
  tx: DbTx,
  roundId: string,
  entries: RoundClosing["entries"],
  computedAt: Date,
): Promise<void> {
  await tx.roundResult.deleteMany({ where: { roundId } });
  if (entries.length === 0) return;
  const rows = JSON.stringify(
    entries.map((e) => ({ e: e.entryId, a: e.aggregate, n: e.judgeCount, f: e.tooFewJudges, v: e.advanced })),
  );
  const [check] = await tx.$queryRaw<{ superuser: boolean; entries: number; round: number }[]>`
    SELECT current_setting('is_superuser') = 'on' AS "superuser",
      (SELECT count(*)::int FROM (
        SELECT 1 FROM "Entry" x WHERE x."id" IN (SELECT r.e FROM json_to_recordset(${rows}::json) AS r(e text)) FOR KEY SHARE OF x) l) AS "entries",
      (SELECT count(*)::int FROM (SELECT 1 FROM "Round" x WHERE x."id" = ${roundId} FOR KEY SHARE OF x) l) AS "round"`;
  if (!check || check.round !== 1 || check.entries !== new Set(entries.map((e) => e.entryId)).size) {
    throw new Error("storeRoundResults: a round or entry to store results for does not exist");
  }
  if (check.superuser) await tx.$executeRaw`SELECT set_config('session_replication_role', 'replica', true)`;
  try {
    await tx.$executeRaw`
      INSERT INTO "RoundResult" ("roundId", "entryId", "aggregate", "judgeCount", "tooFewJudges", "advanced", "computedAt")
      SELECT ${roundId}, r.e, r.a, r.n, r.f, r.v, ${computedAt}::timestamptz
      FROM json_to_recordset(${rows}::json) AS r(e text, a float8, n int, f boolean, v boolean)`;
  } finally {
    if (check.superuser) await tx.$executeRaw`SELECT set_config('session_replication_role', 'origin', true)`;
  }
}

/** Organizer's view of how consistently the round's judges scored. */
export async function roundConsistency(db: Db, roundId: string) {
  const totals = await judgeTotals(db, roundId);
  const judges = judgeConsistency(totals);
  const disagreements = largestDisagreements(totals, 10);
  const [users, entries] = await Promise.all([
    db.user.findMany({ where: { id: { in: judges.map((j) => j.judgeId) } }, select: { id: true, name: true } }),
    db.entry.findMany({
      where: { id: { in: disagreements.map((d) => d.entryId) } },
      select: { id: true, code: true, title: true },
    }),
  ]);
  const name = new Map(users.map((u) => [u.id, u.name]));
  const entry = new Map(entries.map((e) => [e.id, e]));
  return {
    judges: judges.map((j) => ({ ...j, name: name.get(j.judgeId) ?? "" })),
    disagreements: disagreements.map((d) => ({
      ...d,
      code: entry.get(d.entryId)?.code ?? "",
      title: entry.get(d.entryId)?.title ?? "",
    })),
  };
}

/** Everything the organizer's round page shows: settings, aggregates (top rows), flags, consistency. */
export async function roundOverview(db: Db, contestId: string, position: number, locale: "vi" | "en", limit = 200) {
  const round = await db.round.findUnique({ where: { contestId_position: { contestId, position } } });
  if (!round) throw new DomainError("round_not_found");
  const preview = await previewRound(db, round.id);
  const stored = round.status === "CLOSED" ? await db.roundResult.findMany({ where: { roundId: round.id } }) : [];
  const storedBy = new Map(stored.map((r) => [r.entryId, r]));
  const rows = preview.closing.entries
    .map((e) => ({ ...e, advanced: storedBy.get(e.entryId)?.advanced ?? e.advanced }))
    .sort((a, b) => Number(b.tooFewJudges) - Number(a.tooFewJudges) || (b.aggregate ?? -1) - (a.aggregate ?? -1))
    .slice(0, limit);
  const info = await db.entry.findMany({
    where: { id: { in: rows.map((r) => r.entryId) } },
    select: { id: true, code: true, title: true, category: { select: { nameVi: true, nameEn: true } } },
  });
  const byId = new Map(info.map((e) => [e.id, e]));
  const judges = await db.user.findMany({
    where: { assignments: { some: { roundId: round.id } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const declarations = await db.conflictDeclaration.findMany({
    where: { roundId: round.id },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      kind: true,
      reason: true,
      createdAt: true,
      judge: { select: { name: true } },
      entry: { select: { code: true, title: true } },
    },
  });
  return {
    declarations: declarations.map((c) => ({
      id: c.id,
      kind: c.kind,
      reason: c.reason,
      createdAt: c.createdAt.toISOString(),
      judge: c.judge.name,
      code: c.entry.code ?? "",
      title: c.entry.title,
    })),
    round: {
      id: round.id,
      position: round.position,
      name: locale === "en" && round.nameEn ? round.nameEn : round.nameVi,
      status: round.status,
      aggregation: round.aggregation,
      trimPercent: round.trimPercent,
      normalise: round.normalizeZScores,
      minJudges: round.minJudgesPerEntry,
      rule: round.isFinal ? ("NONE" as const) : round.advancementRule,
      topN: round.advanceTopN,
      threshold: round.advanceThreshold,
      isFinal: round.isFinal,
    },
    total: preview.closing.entries.length,
    flagged: preview.closing.flagged.length,
    rows: rows.map((r) => {
      const e = byId.get(r.entryId);
      return {
        ...r,
        code: e?.code ?? "",
        title: e?.title ?? "",
        category: e ? (locale === "en" && e.category.nameEn ? e.category.nameEn : e.category.nameVi) : "",
      };
    }),
    consistency: await roundConsistency(db, round.id),
    judges,
  };
}

/** Finds a judge's submitted score by entry code, for the organizer's reopen form. */
export async function findScoreByCode(db: Db, roundId: string, entryCode: string, judgeId: string) {
  return db.score.findFirst({
    where: { roundId, judgeId, entry: { code: entryCode.trim().toUpperCase() } },
    select: { id: true },
  });
}

/** What closing the round will do, for the organizer's confirmation. Reads only. */
export async function closePlan(db: Db, roundId: string, locale: "vi" | "en") {
  const { round, closing } = await previewRound(db, roundId);
  const advancing = closing.entries.filter((e) => e.advanced);
  const [info, next] = await Promise.all([
    db.entry.findMany({
      where: { id: { in: advancing.map((e) => e.entryId) } },
      select: { code: true, title: true },
      orderBy: { code: "asc" },
    }),
    round.isFinal
      ? null
      : db.round.findUnique({
          where: { contestId_position: { contestId: round.contestId, position: round.position + 1 } },
        }),
  ]);
  return {
    isFinal: round.isFinal,
    total: closing.entries.length,
    flagged: closing.flagged.length,
    advancing: info.map((e) => ({ code: e.code ?? "", title: e.title })),
    next: next ? { name: pickLocale(locale, next.nameVi, next.nameEn), status: next.status } : null,
  };
}

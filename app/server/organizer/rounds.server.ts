import { closeRound as decideClosing, type RoundClosing } from "#app/domain/advancement.ts";
import { aggregate, normaliseByJudge, type EntryAggregate, type JudgeTotal } from "#app/domain/aggregation.ts";
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
 * Every submitted sheet of the round whose score counts (conflicted pairs dropped), with its
 * weighted total: the round's judge × entry totals, for the consistency view and the exports.
 */
export async function judgeTotals(db: DbTx, roundId: string): Promise<JudgeTotal[]> {
  const round = await db.round.findUnique({
    where: { id: roundId },
    select: { id: true, contestId: true, position: true, source: true },
  });
  if (!round) return [];
  return sheetTotals(await countedSheets(db, round, { judges: true }));
}

/** The sheets of countedSheets as judge × entry totals (entries outside the round included). */
function sheetTotals(s: CountedSheets): JudgeTotal[] {
  const out: JudgeTotal[] = new Array(s.total.length);
  let outside = 0;
  for (let k = 0; k < s.total.length; k++) {
    const i = s.entry[k]!;
    out[k] = {
      judgeId: s.judges[s.judge[k]!]!,
      entryId: i >= 0 ? s.entries[i]!.id : s.outside[outside++]!,
      total: s.total[k]!,
    };
  }
  return out;
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
 * A round's counted sheets, compactly: the round's entries (as roundEntries lists them), and for
 * every submitted sheet whose score counts (conflicted pairs dropped) the entry's index in that
 * list (-1 for an entry no longer in the round, whose id is then the next of `outside`), the
 * judge's index in `judges` (when asked for) and the weighted total.
 */
interface CountedSheets {
  entries: { id: string; categoryId: string }[];
  entry: number[];
  judge: number[];
  judges: string[];
  total: number[];
  outside: string[];
}

/**
 * Postgres' text form of a one-dimensional int or float8 array ("{1,2.5,3}") as numbers: the
 * same digits as a JSON array (no NULLs, no infinities here), which V8 parses fastest.
 */
function numbers(text: string | null): number[] {
  if (!text || text.length <= 2) return [];
  return JSON.parse(`[${text.slice(1, -1)}]`) as number[];
}

/**
 * One statement reads all of a round's counted sheets. At 10,000 entries × 15 judges the
 * sheets come back as three number arrays (entry index, judge index, total) instead of 150,000
 * rows or JSON objects with two ids each: decoding rows in the driver, building JSON and
 * grouping or sorting 150,000 text keys in the database were the slow parts (PGlite
 * especially); the database only filters and hash-joins to number the entries and judges, and
 * the domain groups, normalises and aggregates. Judges are numbered only when the caller needs
 * them (a second scan of the round's sheets for their distinct judges).
 *
 * The total is stored on the sheet when it is submitted (Score.weightedTotal); a sheet written
 * without it is summed from its values, the same Σ value × weight. The two branches keep the
 * planner's estimate honest (a correlated fallback in one select looked so costly to it that
 * PostgreSQL spent seconds JIT-compiling).
 */
async function countedSheets(
  db: DbTx,
  round: Pick<Round, "id" | "contestId" | "position" | "source">,
  opts: { judges: boolean },
): Promise<CountedSheets> {
  const allEligible = round.source === "ALL_ELIGIBLE" || round.position === 1;
  let prevId: string | null = null;
  if (!allEligible) {
    const prev = await db.round.findUnique({
      where: { contestId_position: { contestId: round.contestId, position: round.position - 1 } },
      select: { id: true },
    });
    prevId = prev?.id ?? null;
  }
  const sheets = Prisma.sql`
    SELECT s."judgeId", s."entryId", s."weightedTotal" AS "total"
    FROM "Score" s
    WHERE s."roundId" = ${round.id} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NOT NULL
      AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(round.id)})
    UNION ALL
    SELECT s."judgeId", s."entryId", SUM(v."value" * c."weight")::float8
    FROM "Score" s
    JOIN "ScoreValue" v ON v."scoreId" = s."id"
    JOIN "Criterion" c ON c."id" = v."criterionId"
    WHERE s."roundId" = ${round.id} AND s."status" = 'SUBMITTED' AND s."weightedTotal" IS NULL
      AND (s."judgeId", s."entryId") NOT IN (${conflictedPairs(round.id)})
    GROUP BY s."id", s."judgeId", s."entryId"`;
  // Numbered by (code, id), a total order: the list and the join number it the same way. A
  // subquery, not a CTE: the planner then knows the ids are unique and hash-joins (with a CTE
  // it expected millions of rows, sorted 150,000 text keys to disk and JIT-compiled).
  const entries = Prisma.sql`
    SELECT x."id", x."categoryId", x."code", (row_number() OVER (ORDER BY x."code", x."id"))::int - 1 AS "i"
    FROM "Entry" x
    WHERE x."contestId" = ${round.contestId} AND x."status" = 'ELIGIBLE'
      AND (${allEligible}::boolean OR x."id" IN (
        SELECT r."entryId" FROM "RoundResult" r WHERE r."roundId" = ${prevId}::text AND r."advanced"))`;
  // The round's judges, every judge with a sheet in it, sorted: found by skipping through the
  // (roundId, judgeId) index one judge at a time (a few probes instead of a scan of every
  // sheet), computed once; a sheet's judge is its (1-based) position in that short array.
  const judges = Prisma.sql`(
    WITH RECURSIVE jd AS (
      (SELECT z."judgeId" FROM "Score" z WHERE z."roundId" = ${round.id} ORDER BY z."judgeId" LIMIT 1)
      UNION ALL
      SELECT (SELECT z."judgeId" FROM "Score" z WHERE z."roundId" = ${round.id} AND z."judgeId" > jd."judgeId" ORDER BY z."judgeId" LIMIT 1)
      FROM jd WHERE jd."judgeId" IS NOT NULL)
    SELECT array_agg(jd."judgeId" ORDER BY jd."judgeId") FROM jd WHERE jd."judgeId" IS NOT NULL)`;
  const [row] = await db.$queryRaw<
    {
      entries: string | null;
      judges: string | null;
      entry: string | null;
      judge: string | null;
      total: string | null;
      outside: string | null;
    }[]
  >`
    SELECT
      (SELECT json_agg(json_build_array(e."id", e."categoryId", e."code") ORDER BY e."i")::text FROM (${entries}) e) AS "entries",
      ${opts.judges ? Prisma.sql`array_to_json(${judges})::text` : Prisma.sql`NULL::text`} AS "judges",
      array_agg(coalesce(e."i", -1))::text AS "entry",
      ${opts.judges ? Prisma.sql`array_agg(array_position(${judges}, s."judgeId") - 1)::text` : Prisma.sql`NULL::text`} AS "judge",
      array_agg(s."total")::text AS "total",
      json_agg(s."entryId") FILTER (WHERE e."i" IS NULL)::text AS "outside"
    FROM (${sheets}) s
    LEFT JOIN (${entries}) e ON e."id" = s."entryId"`;
  const list = JSON.parse(row?.entries ?? "[]") as [string, string, string | null][];
  let entry = numbers(row?.entry ?? null);
  if (!allEligible) {
    // A later round's entries in roundEntries' order: by code as JavaScript compares them.
    const order = list.map((_, i) => i).sort((a, b) => (list[a]![2] ?? "").localeCompare(list[b]![2] ?? ""));
    const at = new Array<number>(list.length);
    order.forEach((from, to) => (at[from] = to));
    entry = entry.map((i) => (i >= 0 ? at[i]! : -1));
    list.splice(0, list.length, ...order.map((i) => list[i]!));
  }
  return {
    entries: list.map(([id, categoryId]) => ({ id, categoryId })),
    entry,
    judge: numbers(row?.judge ?? null),
    judges: JSON.parse(row?.judges ?? "[]") as string[],
    total: numbers(row?.total ?? null),
    outside: JSON.parse(row?.outside ?? "[]") as string[],
  };
}

/**
 * The round's entries (as roundEntries lists them) with the totals that count for each:
 * submitted sheets only, conflicted pairs dropped, and with per-judge z-score normalisation
 * (the domain's normaliseByJudge, over the sheets of the round's entries) when the round asks.
 */
function totalsByEntry(s: CountedSheets, normalise: boolean): { id: string; categoryId: string; totals: number[] }[] {
  const lists: number[][] = s.entries.map(() => []);
  if (normalise) {
    const inRound: JudgeTotal[] = [];
    for (let k = 0; k < s.total.length; k++) {
      const i = s.entry[k]!;
      if (i >= 0) inRound.push({ judgeId: s.judges[s.judge[k]!]!, entryId: String(i), total: s.total[k]! });
    }
    for (const t of normaliseByJudge(inRound)) lists[Number(t.entryId)]!.push(t.total);
  } else {
    for (let k = 0; k < s.total.length; k++) {
      const i = s.entry[k]!;
      if (i >= 0) lists[i]!.push(s.total[k]!);
    }
  }
  return s.entries.map((e, i) => ({ id: e.id, categoryId: e.categoryId, totals: lists[i]! }));
}

function previewFrom(round: Round, sheets: CountedSheets): RoundPreview {
  const aggregates = totalsByEntry(sheets, round.normalizeZScores).map((e) => ({
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

/** What closing the round would do, without writing anything. */
export async function previewRound(db: DbTx, roundId: string): Promise<RoundPreview> {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError("round_not_found");
  return previewFrom(round, await countedSheets(db, round, { judges: round.normalizeZScores }));
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
  return consistencyOf(db, await judgeTotals(db, roundId));
}

async function consistencyOf(db: Db, totals: JudgeTotal[]) {
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
export async function roundOverview(
  db: Db,
  contestId: string,
  position: number,
  locale: "vi" | "en",
  opts: { limit?: number; closePlan?: boolean } = {},
) {
  const round = await db.round.findUnique({ where: { contestId_position: { contestId, position } } });
  if (!round) throw new DomainError("round_not_found");
  // One read of the round's sheets serves the aggregates, the consistency view and the close plan.
  const sheets = await countedSheets(db, round, { judges: true });
  const preview = previewFrom(round, sheets);
  const top = preview.closing.entries
    .slice()
    .sort((a, b) => Number(b.tooFewJudges) - Number(a.tooFewJudges) || (b.aggregate ?? -1) - (a.aggregate ?? -1))
    .slice(0, opts.limit ?? 200);
  // A closed round shows who advanced as stored; only the rows shown are read.
  const stored =
    round.status === "CLOSED"
      ? await db.roundResult.findMany({
          where: { roundId: round.id, entryId: { in: top.map((r) => r.entryId) } },
          select: { entryId: true, advanced: true },
        })
      : [];
  const storedBy = new Map(stored.map((r) => [r.entryId, r]));
  const rows = top.map((e) => ({ ...e, advanced: storedBy.get(e.entryId)?.advanced ?? e.advanced }));
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
    consistency: await consistencyOf(db, sheetTotals(sheets)),
    judges,
    plan: opts.closePlan && round.status === "OPEN" ? await planOf(db, preview, locale) : null,
  };
}

/** Finds a judge's submitted score by entry code, for the organizer's reopen form. */
export async function findScoreByCode(db: Db, roundId: string, entryCode: string, judgeId: string) {
  return db.score.findFirst({
    where: { roundId, judgeId, entry: { code: entryCode.trim().toUpperCase() } },
    select: { id: true },
  });
}

/** What closing the round will do, for the organizer's confirmation (roundOverview's plan). */
async function planOf(db: Db, { round, closing }: RoundPreview, locale: "vi" | "en") {
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

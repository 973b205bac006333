import { closeRound as decideClosing, type RoundClosing } from "#app/domain/advancement.ts";
import { aggregateEntries, type EntryAggregate, type JudgeTotal } from "#app/domain/aggregation.ts";
import { judgeConsistency, largestDisagreements } from "#app/domain/consistency.ts";
import type { Round } from "#app/generated/prisma/client.ts";
import { audit, type DbTx } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { DomainError } from "./errors.server.ts";
import { changeContestPhase } from "./status.server.ts";

/** Entries a round judges: all eligible entries, or those the previous round advanced. */
export async function roundEntries(db: DbTx, round: Pick<Round, "contestId" | "position" | "source">): Promise<{ id: string; categoryId: string }[]> {
  if (round.source === "ALL_ELIGIBLE" || round.position === 1) {
    return db.entry.findMany({ where: { contestId: round.contestId, status: "ELIGIBLE" }, select: { id: true, categoryId: true }, orderBy: { code: "asc" } });
  }
  const prev = await db.round.findUnique({ where: { contestId_position: { contestId: round.contestId, position: round.position - 1 } } });
  if (!prev) return [];
  const rows = await db.roundResult.findMany({
    where: { roundId: prev.id, advanced: true, entry: { status: "ELIGIBLE" } },
    select: { entry: { select: { id: true, categoryId: true, code: true } } },
  });
  return rows.map((r) => r.entry).sort((a, b) => (a.code ?? "").localeCompare(b.code ?? "")).map(({ id, categoryId }) => ({ id, categoryId }));
}

/**
 * Each submitted score's weighted total, summed in the database: the 10,000-entry benchmark
 * has 750,000 score values, which is too much to pull through the ORM row by row.
 */
export async function judgeTotals(db: DbTx, roundId: string): Promise<JudgeTotal[]> {
  // One JSON value instead of 150,000 rows: decoding rows one by one through the driver cost
  // far more than the query itself (PGlite especially); JSON.parse of one string is quick.
  const query = db.$queryRaw<{ totals: string | null }[]>`
    SELECT json_agg(json_build_array(t."judgeId", t."entryId", t."total"))::text AS "totals" FROM (
      SELECT s."judgeId", s."entryId", SUM(v."value" * c."weight")::float8 AS "total"
      FROM "Score" s
      JOIN "ScoreValue" v ON v."scoreId" = s."id"
      JOIN "Criterion" c ON c."id" = v."criterionId"
      WHERE s."roundId" = ${roundId} AND s."status" = 'SUBMITTED'
        -- A judge recused (by the organizer) or self-declared conflicted on an entry after
        -- submitting keeps the score row for the record, but it never counts.
        AND NOT EXISTS (
          SELECT 1 FROM "ConflictDeclaration" d
          WHERE d."judgeId" = s."judgeId" AND d."entryId" = s."entryId"
            AND (d."roundId" = s."roundId" OR d."roundId" IS NULL))
      GROUP BY s."id", s."judgeId", s."entryId") t`;
  const [row] = await query;
  const list = JSON.parse(row?.totals ?? "[]") as [string, string, number][];
  return list.map(([judgeId, entryId, total]) => ({ judgeId, entryId, total: Number(total) }));
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
  totals: JudgeTotal[];
}

/** What closing the round would do, without writing anything. */
export async function previewRound(db: DbTx, roundId: string): Promise<RoundPreview> {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError("not_found", "Không tìm thấy vòng chấm.", 404);
  // Sequential: inside a transaction both queries share one connection anyway.
  const entries = await roundEntries(db, round);
  const totals = await judgeTotals(db, roundId);
  const categoryOf = new Map(entries.map((e) => [e.id, e.categoryId]));
  const inRound = totals.filter((t) => categoryOf.has(t.entryId));
  const aggregates = aggregateEntries(
    entries.map((e) => e.id),
    inRound,
    { method: round.aggregation, trimPercent: round.trimPercent, normalise: round.normalizeZScores, minJudges: round.minJudgesPerEntry },
  ).map((a) => ({ ...a, categoryId: categoryOf.get(a.entryId)! }));
  const closing = decideClosing(aggregates, {
    rule: round.isFinal ? "NONE" : round.advancementRule,
    topN: round.advanceTopN,
    threshold: round.advanceThreshold,
  });
  return { round, aggregates, closing, totals: inRound };
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
      if (round.contestId !== input.contestId) throw new DomainError("not_found", "Không tìm thấy vòng chấm.", 404);
      if (round.status !== "OPEN") throw new DomainError("round_not_open", "Vòng chấm này không đang mở.");
      if (closing.flagged.length > 0 && !input.acknowledgeFlags) {
        throw new DomainError(
          "round_flags",
          `${closing.flagged.length} tác phẩm có ít hơn ${round.minJudgesPerEntry} giám khảo chấm. Hãy xác nhận đã xem danh sách trước khi đóng vòng.`,
        );
      }
      const t = now();
      const updated = await tx.round.updateMany({ where: { id: round.id, status: "OPEN" }, data: { status: "CLOSED", closedAt: t } });
      if (updated.count !== 1) throw new DomainError("round_not_open", "Vòng chấm này vừa được đóng ở nơi khác.");
      await storeRoundResults(tx, round.id, closing.entries, t);
      const next = await tx.round.findUnique({ where: { contestId_position: { contestId: round.contestId, position: round.position + 1 } } });
      if (next && !round.isFinal && next.status === "PENDING") {
        await tx.round.update({ where: { id: next.id }, data: { status: "OPEN", openedAt: t } });
      }
      await audit(tx, {
        actorId: input.actorId,
        action: "round.close",
        targetType: "Round",
        targetId: round.id,
        contestId: round.contestId,
        before: { status: "OPEN" },
        after: {
          status: "CLOSED",
          entries: closing.entries.length,
          advanced: closing.entries.filter((e) => e.advanced).length,
          flagged: closing.flagged,
          nextRoundOpened: next && !round.isFinal ? next.id : null,
        },
        requestId: input.requestId,
      });
      if (round.isFinal) {
        const contest = await tx.contest.findUniqueOrThrow({ where: { id: round.contestId }, select: { phase: true } });
        if (contest.phase === "JUDGING") {
          await changeContestPhase(tx, { contestId: round.contestId, to: "RESULTS_REVIEW", actorId: input.actorId, requestId: input.requestId, reason: "final round closed" });
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
  await tx.$executeRaw`
    INSERT INTO "RoundResult" ("roundId", "entryId", "aggregate", "judgeCount", "tooFewJudges", "advanced", "computedAt")
    SELECT ${roundId}, r.e, r.a, r.n, r.f, r.v, ${computedAt}::timestamptz
    FROM json_to_recordset(${rows}::json) AS r(e text, a float8, n int, f boolean, v boolean)`;
}

/** Organizer's view of how consistently the round's judges scored. */
export async function roundConsistency(db: Db, roundId: string) {
  const totals = await judgeTotals(db, roundId);
  const judges = judgeConsistency(totals);
  const disagreements = largestDisagreements(totals, 10);
  const [users, entries] = await Promise.all([
    db.user.findMany({ where: { id: { in: judges.map((j) => j.judgeId) } }, select: { id: true, name: true } }),
    db.entry.findMany({ where: { id: { in: disagreements.map((d) => d.entryId) } }, select: { id: true, code: true, title: true } }),
  ]);
  const name = new Map(users.map((u) => [u.id, u.name]));
  const entry = new Map(entries.map((e) => [e.id, e]));
  return {
    judges: judges.map((j) => ({ ...j, name: name.get(j.judgeId) ?? "" })),
    disagreements: disagreements.map((d) => ({ ...d, code: entry.get(d.entryId)?.code ?? "", title: entry.get(d.entryId)?.title ?? "" })),
  };
}

/** Everything the organizer's round page shows: settings, aggregates (top rows), flags, consistency. */
export async function roundOverview(db: Db, contestId: string, position: number, locale: "vi" | "en", limit = 200) {
  const round = await db.round.findUnique({ where: { contestId_position: { contestId, position } } });
  if (!round) throw new DomainError("not_found", "Không tìm thấy vòng chấm.", 404);
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
    select: { id: true, kind: true, reason: true, createdAt: true, judge: { select: { name: true } }, entry: { select: { code: true, title: true } } },
  });
  return {
    declarations: declarations.map((c) => ({ id: c.id, kind: c.kind, reason: c.reason, createdAt: c.createdAt.toISOString(), judge: c.judge.name, code: c.entry.code ?? "", title: c.entry.title })),
    round: {
      id: round.id, position: round.position, name: locale === "en" && round.nameEn ? round.nameEn : round.nameVi, status: round.status,
      aggregation: round.aggregation, trimPercent: round.trimPercent, normalise: round.normalizeZScores, minJudges: round.minJudgesPerEntry,
      rule: round.isFinal ? ("NONE" as const) : round.advancementRule, topN: round.advanceTopN, threshold: round.advanceThreshold, isFinal: round.isFinal,
    },
    total: preview.closing.entries.length,
    flagged: preview.closing.flagged.length,
    rows: rows.map((r) => {
      const e = byId.get(r.entryId);
      return { ...r, code: e?.code ?? "", title: e?.title ?? "", category: e ? (locale === "en" && e.category.nameEn ? e.category.nameEn : e.category.nameVi) : "" };
    }),
    consistency: await roundConsistency(db, round.id),
    judges,
  };
}

/** Finds a judge's submitted score by entry code, for the organizer's reopen form. */
export async function findScoreByCode(db: Db, roundId: string, entryCode: string, judgeId: string) {
  return db.score.findFirst({ where: { roundId, judgeId, entry: { code: entryCode.trim().toUpperCase() } }, select: { id: true } });
}

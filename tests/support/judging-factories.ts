/**
 * Builders for judging tests: assignments and score sheets on the rounds `makeContest` creates.
 * Kept apart from factories.ts so parallel work on other issues does not collide in one file.
 */
import type { Db } from "#app/server/shared/db.server.ts";
import { openRound as openRoundService } from "#app/server/organizer/rounds.server.ts";

export async function assign(db: Db, roundId: string, entryIds: string[], judgeIds: string[]) {
  await db.assignment.createMany({
    data: entryIds.flatMap((entryId) => judgeIds.map((judgeId) => ({ roundId, entryId, judgeId }))),
    skipDuplicates: true,
  });
}

/** A score sheet: `values` by criterion position (1, 2, 3 …). */
export async function makeScore(
  db: Db,
  o: { roundId: string; entryId: string; judgeId: string; values: number[]; status?: "DRAFT" | "SUBMITTED"; comment?: string },
) {
  const criteria = await db.criterion.findMany({ where: { roundId: o.roundId }, orderBy: { position: "asc" } });
  if (criteria.length < o.values.length) throw new Error("more values than criteria");
  const status = o.status ?? "SUBMITTED";
  return db.score.create({
    data: {
      roundId: o.roundId,
      entryId: o.entryId,
      judgeId: o.judgeId,
      status,
      comment: o.comment ?? "",
      submittedAt: status === "SUBMITTED" ? new Date("2021-12-01T03:00:00Z") : null,
      values: { create: o.values.map((value, i) => ({ criterionId: criteria[i]!.id, value })) },
    },
  });
}

/** Splits a total (≤ 100) over the seed rubric 40/30/30 so that the sheet adds up to it. */
export function sheetFor(total: number): number[] {
  const a = Math.min(40, total);
  const b = Math.min(30, total - a);
  return [a, b, total - a - b];
}

/**
 * Opens a round the way the organizer's button does: through the service, with its checks
 * (contest in JUDGING, earlier rounds closed, assignments exist), audit event and judges'
 * mails. Tests never write a round's status themselves.
 */
export async function openRound(db: Db, roundId: string, actorId: string | null = null) {
  const round = await db.round.findUniqueOrThrow({ where: { id: roundId }, select: { contestId: true } });
  return openRoundService(db, { contestId: round.contestId, roundId, actorId });
}

import { audit } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import { DomainError } from "../shared/errors.server.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { requireAssignment } from "./judging.server.ts";

/**
 * A judge declares a conflict of interest or abstains: the assignment goes, a draft score goes
 * with it, and the declaration stays for the organizer. A submitted score must be reopened by
 * an organizer first, so a recusal never silently deletes a counted score.
 */
export async function declareConflict(
  db: Db,
  input: {
    judgeId: string;
    roundId: string;
    entryId: string;
    kind: "DECLARED_BY_JUDGE" | "ABSTAINED";
    reason: string;
    requestId?: string;
  },
): Promise<void> {
  const { round, open } = await requireAssignment(db, input.judgeId, input.roundId, input.entryId);
  if (round.status !== "OPEN") throw new DomainError("decline_round_closed");
  await db.$transaction(async (tx) => {
    const score = await tx.score.findUnique({
      where: { roundId_entryId_judgeId: { roundId: input.roundId, entryId: input.entryId, judgeId: input.judgeId } },
    });
    if (score?.status === "SUBMITTED") {
      throw new DomainError("decline_score_locked");
    }
    // After the lock: a submitted sheet is the refusal to tell, whatever the reason says.
    const min = round.contest.minReasonConflict;
    if (!reasonLongEnough(input.reason, min)) throw new DomainError("decline_reason_required", { min });
    if (score) await tx.score.delete({ where: { id: score.id } });
    const removed = await tx.assignment.deleteMany({
      where: { roundId: input.roundId, entryId: input.entryId, judgeId: input.judgeId },
    });
    // In a round open to the whole panel there may be no assignment to remove.
    if (removed.count !== 1 && !open) throw new DomainError("no_longer_assigned");
    const c = await tx.conflictDeclaration.create({
      data: {
        roundId: input.roundId,
        entryId: input.entryId,
        judgeId: input.judgeId,
        kind: input.kind,
        reason: input.reason,
        createdById: input.judgeId,
      },
    });
    await audit(tx, {
      actorId: input.judgeId,
      action: input.kind === "ABSTAINED" ? "judge.abstain" : "judge.conflict",
      targetType: "ConflictDeclaration",
      targetId: c.id,
      contestId: round.contest.id,
      entryId: input.entryId,
      after: { roundId: input.roundId, reason: input.reason },
      requestId: input.requestId,
    });
  });
}

/** An organizer reopens a submitted score so the judge can correct it; the reason is audited. */
export async function reopenScore(
  db: Db,
  input: { contestId: string; scoreId: string; reason: string; actorId: string; requestId?: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const score = await tx.score.findUnique({ where: { id: input.scoreId }, include: { round: true } });
    if (!score || score.round.contestId !== input.contestId) throw new DomainError("score_not_found");
    if (score.round.status !== "OPEN") throw new DomainError("reopen_round_closed");
    const updated = await tx.score.updateMany({
      where: { id: score.id, status: "SUBMITTED" },
      data: { status: "DRAFT", reopenedAt: now(), reopenReason: input.reason, submittedAt: null, weightedTotal: null },
    });
    if (updated.count !== 1) throw new DomainError("score_not_submitted");
    await audit(tx, {
      actorId: input.actorId,
      action: "score.reopen",
      targetType: "Score",
      targetId: score.id,
      contestId: input.contestId,
      entryId: score.entryId,
      before: { status: "SUBMITTED", submittedAt: score.submittedAt },
      after: { status: "DRAFT", reason: input.reason },
      requestId: input.requestId,
    });
  });
}

import type { ContestPhase, EntryStatus, RoundStatus } from "#app/generated/prisma/client.ts";
import { canChangeEntryStatus, canChangePhase, canChangeRoundStatus } from "#app/domain/status.ts";
import { audit, type AuditInput, type DbTx } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import { DomainError } from "./errors.server.ts";

/**
 * The only ways to change a contest's phase, an entry's status or a round's status. Each checks the
 * transition, writes it and its audit event in the caller's transaction, and returns the
 * before/after so the caller can enqueue the mails it implies in the same transaction.
 */
export async function changeContestPhase(
  tx: DbTx,
  input: { contestId: string; to: ContestPhase; actorId: string | null; requestId?: string; reason?: string },
): Promise<{ from: ContestPhase; to: ContestPhase }> {
  const contest = await tx.contest.findUniqueOrThrow({ where: { id: input.contestId } });
  if (!canChangePhase(contest.phase, input.to)) {
    throw new DomainError("phase_transition", { from: contest.phase, to: input.to });
  }
  // Conditional update: two organizers clicking at once cannot both move the phase.
  const updated = await tx.contest.updateMany({
    where: { id: contest.id, phase: contest.phase },
    data: { phase: input.to },
  });
  if (updated.count !== 1) {
    throw new DomainError("phase_conflict");
  }
  await audit(tx, {
    actorId: input.actorId,
    action: "contest.phase",
    targetType: "Contest",
    targetId: contest.id,
    contestId: contest.id,
    before: { phase: contest.phase },
    after: { phase: input.to, reason: input.reason },
    requestId: input.requestId,
  });
  return { from: contest.phase, to: input.to };
}

/**
 * Checks an entry's status change and returns its audit event, writing nothing: for
 * changeEntryStatus, and for submission, which writes the change in its one code-allocating
 * statement (submission.server.ts).
 */
export function entryStatusEvent(
  entry: { id: string; status: EntryStatus; contestId: string },
  input: { to: EntryStatus; actorId: string | null; reason?: string; requestId?: string; extra?: { code?: string } },
): AuditInput {
  if (!canChangeEntryStatus(entry.status, input.to)) {
    throw new DomainError("status_transition", { from: entry.status, to: input.to });
  }
  return {
    actorId: input.actorId,
    action: "entry.status",
    targetType: "Entry",
    targetId: entry.id,
    contestId: entry.contestId,
    entryId: entry.id,
    before: { status: entry.status },
    after: { status: input.to, reason: input.reason ?? "", ...(input.extra?.code ? { code: input.extra.code } : {}) },
    requestId: input.requestId,
  };
}

export async function changeEntryStatus(
  tx: DbTx,
  input: {
    entryId: string;
    to: EntryStatus;
    actorId: string | null;
    reason?: string;
    requestId?: string;
    /** Extra columns written with the status (e.g. the allocated code at submission). */
    extra?: { code?: string; submittedAt?: Date };
  },
): Promise<{ from: EntryStatus; to: EntryStatus; contestId: string }> {
  const entry = await tx.entry.findUniqueOrThrow({ where: { id: input.entryId } });
  const event = entryStatusEvent(entry, input);
  const t = now();
  const updated = await tx.entry.updateMany({
    where: { id: entry.id, status: entry.status },
    data: {
      status: input.to,
      statusReason: input.reason ?? "",
      version: { increment: 1 },
      ...(input.to === "WITHDRAWN" ? { withdrawnAt: t } : {}),
      ...(input.to === "ELIGIBLE" || input.to === "INELIGIBLE" ? { decidedAt: t } : {}),
      ...(input.extra ?? {}),
    },
  });
  if (updated.count !== 1) {
    throw new DomainError("status_conflict");
  }
  await audit(tx, event);
  return { from: entry.status, to: input.to, contestId: entry.contestId };
}

/**
 * The one way to move a round PENDING → OPEN → CLOSED. `from` is the status the caller saw and
 * checked its own rules against: the update only happens if the round is still in it, so two
 * clicks (or two organizers) cannot both open or both close it.
 */
export async function changeRoundStatus(
  tx: DbTx,
  input: {
    roundId: string;
    from: RoundStatus;
    to: RoundStatus;
    actorId: string | null;
    requestId?: string;
    details?: Record<string, unknown>;
  },
): Promise<{ from: RoundStatus; to: RoundStatus; contestId: string }> {
  if (!canChangeRoundStatus(input.from, input.to)) {
    throw new DomainError("round_transition", { from: input.from, to: input.to });
  }
  const t = now();
  const updated = await tx.round.updateMany({
    where: { id: input.roundId, status: input.from },
    data: {
      status: input.to,
      ...(input.to === "OPEN" ? { openedAt: t } : {}),
      ...(input.to === "CLOSED" ? { closedAt: t } : {}),
    },
  });
  if (updated.count !== 1) {
    throw new DomainError("round_conflict");
  }
  const round = await tx.round.findUniqueOrThrow({ where: { id: input.roundId }, select: { contestId: true } });
  await audit(tx, {
    actorId: input.actorId,
    action: input.to === "OPEN" ? "round.open" : "round.close",
    targetType: "Round",
    targetId: input.roundId,
    contestId: round.contestId,
    before: { status: input.from },
    after: { status: input.to, ...(input.details ?? {}) },
    requestId: input.requestId,
  });
  return { from: input.from, to: input.to, contestId: round.contestId };
}

import type { Prisma } from "#app/generated/prisma/client.ts";
import type { AuditAction } from "#app/domain/audit-events.ts";
import type { Db } from "./db.server.ts";
import { currentRequestId } from "./request-context.server.ts";

/** A Prisma client or an interactive transaction: audit rows join the caller's transaction. */
export type DbTx = Db | Prisma.TransactionClient;

export interface AuditInput {
  actorId: string | null;
  /** Dotted verb, e.g. "entry.submit", "entry.eligibility", "contest.phase". */
  /** A listed code (each has a sentence in both languages); `test.*` markers are for tests only. */
  action: AuditAction | `test.${string}`;
  targetType: string;
  targetId: string;
  contestId?: string | null;
  entryId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

const json = (v: unknown) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/**
 * Appends an audit event. Pass the transaction that makes the change, so the change and its
 * record commit together. The table is append-only (a trigger refuses UPDATE and DELETE).
 */
export async function audit(tx: DbTx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      contestId: e.contestId ?? null,
      entryId: e.entryId ?? null,
      before: json(e.before),
      after: json(e.after),
      requestId: e.requestId ?? currentRequestId() ?? "",
    },
  });
}

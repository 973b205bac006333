import { audit } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { kickMailSender, messageOf, RECEIPT_TEMPLATES } from "./mail.server.ts";

/** Mails that need an admin: given up for good, and receipts retrying after many attempts. */
export async function outboxTrouble(db: Db): Promise<{ failed: number; retryingReceipts: number }> {
  const [failed, retryingReceipts] = await Promise.all([
    db.outboxMail.count({ where: { status: "FAILED" } }),
    db.outboxMail.count({
      where: { status: "PENDING", template: { in: [...RECEIPT_TEMPLATES] }, attempts: { gte: 3 } },
    }),
  ]);
  return { failed, retryingReceipts };
}

/**
 * "Gửi lại": a FAILED mail goes back to the queue with a fresh series of attempts. Conditional
 * on FAILED, so a double click or two admins requeue it once. Returns whether it was requeued.
 */
export async function requeueMail(db: Db, input: { id: string; actorId: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const mail = await tx.outboxMail.findUnique({
      where: { id: input.id },
      select: { status: true, attempts: true, to: true, template: true, lastError: true },
    });
    if (!mail || mail.status !== "FAILED") return false;
    const done = await tx.outboxMail.updateMany({
      where: { id: input.id, status: "FAILED" },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: now(), lockedUntil: null },
    });
    if (done.count !== 1) return false;
    await audit(tx, {
      actorId: input.actorId,
      action: "outbox.requeue",
      targetType: "OutboxMail",
      targetId: input.id,
      before: { status: "FAILED", attempts: mail.attempts, lastError: mail.lastError },
      after: { status: "PENDING", to: mail.to, template: mail.template },
    });
    kickMailSender();
    return true;
  });
}

const OUTBOX_ROW = {
  id: true,
  to: true,
  subject: true,
  template: true,
  status: true,
  attempts: true,
  createdAt: true,
  lastError: true,
} as const;

/**
 * The admin outbox: the latest 200 mails, and the failed ones apart, however old (each waits
 * for someone to send it again).
 */
export async function listOutbox(db: Db) {
  const [mails, failed] = await Promise.all([
    db.outboxMail.findMany({ orderBy: { createdAt: "desc" }, take: 200, select: OUTBOX_ROW }),
    db.outboxMail.findMany({
      where: { status: "FAILED" },
      orderBy: { createdAt: "asc" },
      take: 500,
      select: OUTBOX_ROW,
    }),
  ]);
  return { mails, failed };
}

/** One mail of the outbox as the admin reads it, or null. */
export async function getOutboxMail(db: Db, id: string) {
  const mail = await db.outboxMail.findUnique({
    where: { id },
    select: {
      to: true,
      subject: true,
      html: true,
      text: true,
      render: true,
      status: true,
      lastError: true,
      createdAt: true,
      template: true,
    },
  });
  if (!mail) return null;
  // A receipt's bodies are rendered from its stored data (see messageOf), as the sender does.
  const { render: _render, ...rest } = mail;
  return { ...rest, ...messageOf(mail) };
}

import nodemailer, { type Transporter } from "nodemailer";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { RenderedMail } from "#emails/layout.ts";
import type { DbTx } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { env } from "./env.server.ts";
import type { ReceiptData } from "#emails/journalist/receipt-data.ts";
import { receiptMail } from "#emails/journalist/receipt.ts";
import { renderReceiptPdf } from "../journalist/receipt.server.ts";
import { txGate } from "./db-gate.server.ts";

/**
 * Transactional outbox. `enqueueMail` writes the mail in the caller's transaction, so a change
 * and the mail it causes commit together or not at all. The sender delivers pending rows with
 * retries and exponential backoff. A row is claimed with a lease before sending and marked SENT
 * after the SMTP server accepted it; if the process dies between the two, the lease expires and
 * the mail is sent again (at-least-once, the best SMTP allows).
 */
export type Attachment =
  | { filename: string; contentType: string; content: Buffer }
  /**
   * Rendered when the mail is sent, not when it is queued: slow work (a PDF) stays out of the
   * caller's transaction. `data` is stored with the mail, so the file shows what was true when
   * it was queued, not what is true at sending time.
   */
  | { filename: string; contentType: string; render: RenderSpec };

export type RenderSpec = { kind: "receipt-pdf"; data: ReceiptData };

const renderers: { [K in RenderSpec["kind"]]: (data: Extract<RenderSpec, { kind: K }>["data"]) => Promise<Buffer> } = {
  "receipt-pdf": renderReceiptPdf,
};

/**
 * A message rendered when it is sent (or shown), from data stored with it: rendering the receipt
 * mail (i18n, dates, money, two bodies) was the largest part of a submit's CPU at a deadline rush.
 */
export type MessageSpec = { kind: "receipt-mail"; data: ReceiptData };

const messageRenderers: {
  [K in MessageSpec["kind"]]: (data: Extract<MessageSpec, { kind: K }>["data"]) => RenderedMail;
} = {
  "receipt-mail": receiptMail,
};

/** A stored mail's subject and bodies: as stored, or rendered from its spec. */
export function messageOf(mail: { subject: string; html: string; text: string; render: unknown }): RenderedMail {
  if (mail.render == null) return { subject: mail.subject, html: mail.html, text: mail.text };
  const spec = mail.render as MessageSpec;
  return messageRenderers[spec.kind](spec.data);
}

export interface EnqueueInput {
  to: string;
  /** Template name, for the dev outbox and logs, e.g. "journalist/receipt". */
  template: string;
  locale: "vi" | "en";
  /** Rendered now, or (`render`) when sent, with its subject (for the outbox list) now. */
  message: RenderedMail | { subject: string; render: MessageSpec };
  attachments?: Attachment[];
  /** Same key = same mail: a retry or a double click never queues it twice. */
  dedupeKey?: string;
}

/** The outbox row `enqueueMail` writes (for a caller that writes it in its own SQL statement). */
export function outboxRow(input: EnqueueInput) {
  return {
    to: input.to.toLowerCase(),
    template: input.template,
    locale: input.locale,
    subject: input.message.subject,
    html: "render" in input.message ? "" : input.message.html,
    text: "render" in input.message ? "" : input.message.text,
    render: "render" in input.message ? (input.message.render as unknown as Prisma.InputJsonValue) : undefined,
    attachments: (input.attachments ?? []).map((a): StoredAttachment =>
      "render" in a
        ? { filename: a.filename, contentType: a.contentType, render: a.render }
        : { filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString("base64") },
    ) as unknown as Prisma.InputJsonValue,
    dedupeKey: input.dedupeKey ?? null,
    // The app's clock, not the database's, so tests that pin time see consistent rows.
    nextAttemptAt: now(),
  };
}

export async function enqueueMail(tx: DbTx, input: EnqueueInput): Promise<void> {
  await tx.outboxMail.createMany({ data: [outboxRow(input)], skipDuplicates: true });
  kickMailSender();
}

const MAX_ATTEMPTS = 10;

/**
 * Receipts are proof of submission a journalist may need months later: they never give up.
 * They keep retrying at the capped backoff (hourly after ~8 h) until the SMTP server takes
 * them, and the admin dashboard counts those still retrying. Other mails become FAILED after
 * MAX_ATTEMPTS and wait for an admin's "Gửi lại" on the outbox (docs/architecture.md).
 */
export const RECEIPT_TEMPLATES: readonly string[] = [
  "journalist/receipt",
  "journalist/withdrawal",
  "journalist/mailed-entry-registered",
];

/** Whether a mail that failed its `attempts`-th time stops retrying (FAILED). */
export function givesUp(template: string, attempts: number): boolean {
  return !RECEIPT_TEMPLATES.includes(template) && attempts >= MAX_ATTEMPTS;
}
const LEASE_MS = 60_000;
/** How long the sender waits for submissions to pause before it sends anyway, and how long a pause must be. */
const RUSH_WAIT_MS = 20_000;
const CALM_MS = 250;

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

type StoredAttachment =
  | { filename: string; contentType: string; contentBase64: string }
  | { filename: string; contentType: string; render: RenderSpec };

async function contentOf(a: StoredAttachment): Promise<Buffer> {
  if ("contentBase64" in a) return Buffer.from(a.contentBase64, "base64");
  const spec = a.render;
  return renderers[spec.kind](spec.data);
}

/** Sends what is due. Returns how many were sent and how many failed this time. */
export async function deliverPendingMails(
  db: Db,
  transport: Transporter,
  from: string,
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  // Nothing is claimed while submissions run (a claim's lease ticks): wait for a lull first.
  await txGate().quiet(RUSH_WAIT_MS, CALM_MS);
  const t = now();
  const leaseUntil = new Date(t.getTime() + LEASE_MS);
  const claimedAt = Date.now();
  // Claim rows atomically so several app instances never send the same row concurrently.
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "OutboxMail" SET "lockedUntil" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMail"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${t}
        AND ("lockedUntil" IS NULL OR "lockedUntil" < ${t})
      ORDER BY "createdAt" LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    ) RETURNING "id"`;
  let sent = 0;
  let failed = 0;
  for (const [i, { id }] of claimed.entries()) {
    // Rendering an attachment (a receipt PDF, ~0.3 s of the event loop) costs CPU that a
    // deadline rush needs more: step aside while submissions run, so at a rush receipts go out
    // a few a minute and all at once after it, but never past half the lease (another
    // instance could claim the row again and send it twice).
    await txGate().quiet(RUSH_WAIT_MS / 2, CALM_MS);
    if (Date.now() - claimedAt > LEASE_MS / 2) {
      const rest = claimed.slice(i).map((c) => c.id);
      await db.outboxMail.updateMany({ where: { id: { in: rest }, status: "PENDING" }, data: { lockedUntil: null } });
      break;
    }
    const mail = await db.outboxMail.findUnique({ where: { id } });
    if (!mail || mail.status !== "PENDING") continue;
    try {
      const message = messageOf(mail);
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        attachments: await Promise.all(
          (mail.attachments as unknown as StoredAttachment[]).map(async (a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: await contentOf(a),
          })),
        ),
      });
      await db.outboxMail.updateMany({
        where: { id, status: "PENDING" },
        data: {
          status: "SENT",
          sentAt: now(),
          messageId: info.messageId ?? "",
          lockedUntil: null,
          attempts: { increment: 1 },
        },
      });
      sent += 1;
    } catch (err) {
      const attempts = mail.attempts + 1;
      await db.outboxMail.update({
        where: { id },
        data: {
          attempts,
          lastError: String(err instanceof Error ? err.message : err).slice(0, 1000),
          status: givesUp(mail.template, attempts) ? "FAILED" : "PENDING",
          nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)),
          lockedUntil: null,
        },
      });
      failed += 1;
    }
  }
  return { sent, failed };
}

export function createTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  // Loopback test servers speak plain SMTP; anything else may upgrade with STARTTLS.
  const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname);
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    ignoreTLS: loopback,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
  });
}

// --- the in-process sender -------------------------------------------------------------------

let timer: NodeJS.Timeout | undefined;
let running: Promise<void> | undefined;
let wake: (() => void) | undefined;

/** Asks the sender to look at the outbox now instead of at its next tick. */
export function kickMailSender(): void {
  // Let the caller's transaction commit first.
  if (wake) setTimeout(wake, 50);
}

/**
 * Starts delivering the outbox every `intervalMs`. Without SMTP_URL, new mails are printed to
 * the console and stay in the outbox for admins to read (the dev outbox).
 */
export function startMailSender(db: Db, intervalMs = 2_000): void {
  if (timer) return;
  const e = env();
  const transport = e.SMTP_URL ? createTransport(e.SMTP_URL) : null;
  let printedUntil = new Date(0);
  const tick = async () => {
    if (transport) {
      let result;
      do {
        result = await deliverPendingMails(db, transport, e.MAIL_FROM);
      } while (result.sent + result.failed > 0);
    } else {
      const fresh = await db.outboxMail.findMany({
        where: { createdAt: { gt: printedUntil } },
        orderBy: { createdAt: "asc" },
        take: 50,
      });
      for (const m of fresh) {
        console.log(`[dev outbox] to ${m.to} · ${m.subject}\n${m.text}\n`);
        printedUntil = m.createdAt;
      }
    }
  };
  const run = () => {
    running ??= tick()
      .catch((err) => console.error("[mail] sender error:", err))
      .finally(() => {
        running = undefined;
      });
  };
  wake = run;
  timer = setInterval(run, intervalMs);
  run();
}

export async function stopMailSender(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = undefined;
  wake = undefined;
  await running;
}

import type { AutoReason } from "#app/domain/stored-reasons.ts";
import { randomUUID } from "node:crypto";
import { checkEligibility } from "#app/domain/eligibility.ts";
import { formatEntryCode } from "#app/domain/entry-code.ts";
import { formatInstant } from "#app/domain/format.ts";
import { receiptSubject } from "#emails/journalist/receipt.ts";
import { withdrawalMail } from "#emails/journalist/withdrawal.ts";
import type { MailLocale } from "#emails/layout.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import {
  assertOpen,
  categoryRulesOf,
  contestRulesOf,
  filesByPart,
  formOf,
  getOwnEntry,
  RuleError,
} from "./entries.server.ts";
import { DomainError, notFound } from "../shared/errors.server.ts";
import { enqueueMail, kickMailSender, outboxRow } from "../shared/mail.server.ts";
import { receiptDataOf, type ReceiptEntry } from "./receipt.server.ts";
import { loadEntryForUpdate } from "./entry-load.server.ts";
import { Prisma } from "#app/generated/prisma/client.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { GATED_TX, txGate } from "../shared/db-gate.server.ts";
import { changeEntryStatus, entryStatusEvent } from "../shared/status.server.ts";
import { currentRequestId } from "../shared/request-context.server.ts";

export interface SubmitResult {
  code: string;
  /** False when this call found the entry already submitted (a double click, a retry). */
  submittedNow: boolean;
}

/**
 * Submits a draft: checks every rule, allocates the next code of its category in the
 * database, changes the status (audited) and queues the receipt, all in one short transaction.
 * The category's code row is locked only by the last statement before commit (everything else
 * is read, computed and written before), and the receipt PDF is rendered when the outbox sends the mail,
 * from the receipt data stored with it, so no submit of a category waits for another's PDF.
 * Idempotent: the entry row is locked first, so of ten parallel calls one submits and nine
 * find it submitted and return the same code; the receipt's dedupe key makes the mail unique
 * even so.
 */
export async function submitEntry(
  db: Db,
  input: {
    userId: string;
    entryId: string;
    locale: MailLocale;
    requestId?: string;
    /** The entry as the caller just read it (saves a query; the transaction checks it again under lock). */
    known?: { submitterId: string; status: string; code: string | null };
  },
): Promise<SubmitResult> {
  const owned =
    input.known ??
    (await db.entry.findUnique({
      where: { id: input.entryId },
      select: { submitterId: true, status: true, code: true },
    }));
  if (!owned || owned.submitterId !== input.userId) throw notFound();
  if (owned.status !== "DRAFT" && owned.code) return { code: owned.code, submittedNow: false };
  if (owned.status !== "DRAFT") throw new DomainError("readonly");
  return (await submitLocked(db, input))!;
}

/**
 * Optimistic submit of the entry as read (no transaction): ONE statement locks the row, checks it
 * is still the very row version read (xmin changes with every write to it, whoever makes it) and
 * writes the submission, or writes nothing (null) and the caller takes the long way. At a rush
 * nearly every post is an unchanged draft, so this saves BEGIN, a locking read and COMMIT.
 */
export function submitLoaded(
  db: Db,
  { entry, rowVersion }: { entry: ReceiptEntry; rowVersion: string },
  input: { userId: string; locale: MailLocale; requestId?: string },
): Promise<SubmitResult | null> {
  if (entry.submitterId !== input.userId || entry.status !== "DRAFT") return Promise.resolve(null);
  // Queued like the transactions, so the outbox sees the rush and steps aside.
  return txGate().run(() => writeSubmission(db, entry, input, rowVersion));
}

function submitLocked(
  db: Db,
  input: { userId: string; entryId: string; locale: MailLocale; requestId?: string },
): Promise<SubmitResult | null> {
  // Queued in the app (one transaction per free connection), never timed out by Prisma.
  return txGate().run(() =>
    db.$transaction(async (tx): Promise<SubmitResult | null> => {
      // The lock first: a statement that waits for it (a file being removed) would still read the
      // files as they were when it started. Then the entry with everything the rules and the
      // receipt need, in one statement (two round trips instead of eight while it is open).
      await tx.$queryRaw`SELECT 1 FROM "Entry" WHERE "id" = ${input.entryId} FOR UPDATE`;
      const entry = await loadEntryForUpdate(tx, input.entryId);
      if (!entry) throw new DomainError("gone");
      if (entry.status !== "DRAFT") {
        if (entry.code) return { code: entry.code, submittedNow: false };
        throw new DomainError("readonly");
      }
      return writeSubmission(tx, entry, input);
    }, GATED_TX),
  );
}

/**
 * Checks every rule on `entry` and writes its submission in one statement. Inside the locking
 * transaction (no `rowVersion`): the row is ours. Without one (`rowVersion` given): the statement
 * locks the row itself and writes only if it is still that version and a draft; null otherwise,
 * nothing written (the code sequence moves only with the entry, and a receipt already queued for
 * it fails the whole statement instead of being skipped).
 */
async function writeSubmission(
  q: DbTx,
  entry: ReceiptEntry,
  input: { userId: string; locale: MailLocale; requestId?: string },
  rowVersion?: string,
): Promise<SubmitResult | null> {
  const t = now();
  const issues = checkEligibility(
    formOf(entry),
    contestRulesOf(entry.contest),
    categoryRulesOf(entry.category),
    t,
    filesByPart(entry),
  );
  if (issues.length) throw new RuleError(issues);
  // The code is not known yet: the mail and the receipt carry a placeholder that the last
  // statement replaces. A random one, so no title or name can contain it.
  const placeholder = `@@entry-code-${randomUUID()}@@`;
  // Checked and described by the one definition of status changes; written below.
  const ev = entryStatusEvent(entry, { to: "SUBMITTED", actorId: input.userId, requestId: input.requestId });
  const receipt = receiptDataOf({ ...entry, code: placeholder, submittedAt: t }, input.locale);
  const mail = outboxRow({
    to: entry.submitter.email,
    template: "journalist/receipt",
    locale: input.locale,
    // Rendered by the outbox when it sends the mail (from the same data as the PDF), not here:
    // at a rush the mail's rendering was the largest part of a submit's CPU.
    message: { subject: receiptSubject(receipt), render: { kind: "receipt-mail", data: receipt } },
    attachments: [
      {
        filename: `bien-nhan-${placeholder}.pdf`,
        contentType: "application/pdf",
        render: { kind: "receipt-pdf", data: receipt },
      },
    ],
    dedupeKey: `receipt:${entry.id}`,
  });
  const optimistic = rowVersion !== undefined;
  // One statement writes the submission: it takes the category's code row, so the lock that
  // every submission of the category queues for is held for this statement and the commit
  // only, never across the app's round trips (at a rush the event loop is slow to send the
  // next one). It allocates the code and writes it, with the new status, into the entry, the
  // queued receipt and the audit event. (Four statements before: at a rush every round trip
  // is CPU the event loop does not have.)
  const [row] = await q.$queryRaw<{ entrySeq: number; code: string; mails: bigint; audits: bigint }[]>`
    WITH lk AS (
      SELECT "id" FROM "Entry" WHERE "id" = ${entry.id} AND "status" = 'DRAFT'
        ${optimistic ? Prisma.sql`AND "xmin"::text = ${rowVersion}::text` : Prisma.empty}
      FOR UPDATE
    ), seq AS (
      UPDATE "Category" SET "entrySeq" = "entrySeq" + 1 WHERE "id" = ${entry.categoryId} AND EXISTS (SELECT 1 FROM lk)
      RETURNING "entrySeq", "codePrefix" || '-' || lpad("entrySeq"::text, greatest(3, length("entrySeq"::text)), '0') AS "code"
    ), e AS (
      UPDATE "Entry" SET "code" = seq."code", "status" = 'SUBMITTED', "statusReason" = '',
        "version" = "Entry"."version" + 1, "submittedAt" = ${t}::timestamptz, "updatedAt" = ${new Date()}::timestamptz
      FROM seq WHERE "Entry"."id" = ${entry.id} AND "Entry"."status" = 'DRAFT'
      RETURNING seq."entrySeq", seq."code"
    ), m AS (
      INSERT INTO "OutboxMail" ("id", "dedupeKey", "to", "subject", "html", "text", "render", "attachments", "template", "locale", "nextAttemptAt")
      SELECT ${randomUUID()}::text, ${mail.dedupeKey}::text, ${mail.to}::text,
        replace(${mail.subject}::text, ${placeholder}::text, e."code"), '', '',
        replace(${JSON.stringify(mail.render)}::text, ${placeholder}::text, e."code")::jsonb,
        replace(${JSON.stringify(mail.attachments)}::text, ${placeholder}::text, e."code")::jsonb,
        ${mail.template}::text, ${mail.locale}::text, ${mail.nextAttemptAt}::timestamptz
      FROM e
      ${optimistic ? Prisma.empty : Prisma.sql`ON CONFLICT ("dedupeKey") DO NOTHING`}
      RETURNING "id"
    ), a AS (
      INSERT INTO "AuditEvent" ("actorId", "action", "targetType", "targetId", "contestId", "entryId", "before", "after", "requestId")
      SELECT ${ev.actorId}::text, ${ev.action}::text, ${ev.targetType}::text, ${ev.targetId}::text, ${ev.contestId ?? null}::text,
        ${ev.entryId ?? null}::text, ${JSON.stringify(ev.before)}::jsonb,
        ${JSON.stringify(ev.after)}::jsonb || jsonb_build_object('code', e."code"), ${ev.requestId ?? currentRequestId() ?? ""}::text
      FROM e
      RETURNING "id"
    )
    SELECT e."entrySeq"::int AS "entrySeq", e."code", (SELECT count(*) FROM m) AS "mails", (SELECT count(*) FROM a) AS "audits" FROM e`;
  // Changed since it was read: nothing was written.
  if (optimistic && !row) return null;
  // The format's one definition is the domain's: a mismatch rolls everything back (in the
  // transaction; the optimistic statement's SQL is the same, and tests compare the two).
  const code = row ? formatEntryCode(entry.category.codePrefix, row.entrySeq) : "";
  if (!row || row.code !== code || Number(row.mails) !== 1 || Number(row.audits) !== 1) {
    throw new Error(`submitEntry: code allocation wrote ${JSON.stringify(row)} for ${entry.id}, expected ${code}`);
  }
  kickMailSender();
  return { code, submittedNow: true };
}

/** Withdraws a submitted entry before the deadline and confirms it by mail. Idempotent. */
export async function withdrawEntry(
  db: Db,
  input: { userId: string; entryId: string; locale: MailLocale; requestId?: string },
): Promise<{ withdrawnNow: boolean }> {
  const entry = await getOwnEntry(db, input.userId, input.entryId);
  if (entry.status === "WITHDRAWN") return { withdrawnNow: false };
  if (entry.status !== "SUBMITTED") {
    throw new DomainError("readonly");
  }
  assertOpen(entry.contest);
  return txGate().run(() =>
    db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status"::text AS "status" FROM "Entry" WHERE "id" = ${entry.id} FOR UPDATE`;
      if (locked?.status === "WITHDRAWN") return { withdrawnNow: false };
      await changeEntryStatus(tx, {
        entryId: entry.id,
        to: "WITHDRAWN",
        actorId: input.userId,
        reason: "author_withdrew" satisfies AutoReason,
        requestId: input.requestId,
      });
      const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId } });
      const vi = input.locale === "vi";
      await enqueueMail(tx, {
        to: user.email,
        template: "journalist/withdrawal",
        locale: input.locale,
        message: withdrawalMail({
          locale: input.locale,
          name: user.name,
          code: entry.code ?? "",
          title: entry.title,
          contestName: vi ? entry.contest.nameVi : entry.contest.nameEn || entry.contest.nameVi,
          withdrawnAt: formatInstant(now(), entry.contest.timeZone),
        }),
        dedupeKey: `withdrawal:${entry.id}`,
      });
      return { withdrawnNow: true };
    }, GATED_TX),
  );
}

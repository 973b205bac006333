import { percentToBp } from "#app/domain/entry-form.ts";
/**
 * Mailed (paper) entries: registration of one entry and the all-or-nothing CSV import. Both
 * create or link the journalist's account by e-mail and allocate the entry code in the database.
 */
import { userSearchText } from "#app/domain/search.ts";
import { refreshEntrySearchText } from "#app/server/shared/search.server.ts";
import { parse } from "csv-parse/sync";
import { calendarDateIn, formatIsoDate, fromIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { formatEntryCode } from "#app/domain/entry-code.ts";
import {
  checkCsv,
  checkMailedEntry,
  type CsvRecord,
  type CsvRowError,
  mailedIssue,
  type MailedIssue,
  type MailedEntryInput,
  type MailedRules,
} from "#app/domain/mailed-entries.ts";
import { normalizeName, pickLocale } from "#app/domain/text.ts";
import type { Contest } from "#app/generated/prisma/client.ts";
import { audit, type DbTx } from "#app/server/shared/audit.server.ts";
import { now } from "#app/server/shared/clock.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { appUrl } from "#app/server/shared/env.server.ts";
import { enqueueMail } from "#app/server/shared/mail.server.ts";
import { changeEntryStatus } from "#app/server/shared/status.server.ts";
import { mailedEntryRegisteredMail } from "#emails/journalist/mailed-entry-registered.ts";
import { recomputeFlags } from "./entries.server.ts";
import { canRegisterMailed } from "#app/domain/status.ts";

export async function mailedRules(db: Db, contest: Contest): Promise<MailedRules> {
  const categories = await db.category.findMany({ where: { contestId: contest.id }, select: { code: true } });
  return {
    categoryCodes: categories.map((c) => c.code),
    deadline: toIsoDate(contest.submissionDeadline),
    postmarkCounts: contest.postmarkCounts,
    maxPartsPerEntry: contest.maxPartsPerEntry,
    maxAuthorsPerEntry: contest.maxAuthorsPerEntry,
    publicationStart: toIsoDate(contest.publicationStart),
    publicationEnd: toIsoDate(contest.publicationEnd),
    today: calendarDateIn(now(), contest.timeZone),
  };
}

async function insertMailedEntry(
  tx: DbTx,
  contest: Contest,
  e: MailedEntryInput,
  actorId: string,
): Promise<{ id: string; code: string }> {
  const category = await tx.category.findFirstOrThrow({ where: { contestId: contest.id, code: e.categoryCode } });
  let user = await tx.user.findUnique({ where: { email: e.email }, include: { profile: true } });
  const newAccount = !user;
  if (!user) {
    // An account without password: the journalist can claim it later by resetting the password.
    user = await tx.user.create({
      data: {
        email: e.email,
        name: e.fullName,
        searchText: userSearchText({ name: e.fullName, email: e.email }),
        phone: e.phone,
        profile: { create: { agency: e.agency, penNames: e.penName ? [e.penName] : [], address: "" } },
      },
      include: { profile: true },
    });
  }
  const entry = await tx.entry.create({
    data: {
      contestId: contest.id,
      categoryId: category.id,
      submitterId: user.id,
      title: e.title,
      summary: e.summary,
      outlet: e.outlet,
      kind: e.parts.length > 1 ? "SERIES" : "SINGLE",
      channel: "POSTAL",
      postmarkDate: fromIsoDate(e.postmarkDate),
      receivedDate: fromIsoDate(e.receivedDate),
      registeredById: actorId,
      parts: {
        create: e.parts.map((p, i) => ({ position: i + 1, publishedOn: fromIsoDate(p.publishedOn), url: p.url })),
      },
      authors: {
        create: [
          {
            position: 1,
            userId: user.id,
            fullName: e.fullName,
            penName: e.penName,
            agency: e.agency,
            agencyNormalized: normalizeName(e.agency),
            email: e.email,
            shareBp: percentToBp(e.sharePercent ?? 100),
          },
          ...(e.coAuthors ?? []).map((c, i) => ({
            position: i + 2,
            fullName: c.fullName,
            agency: c.agency,
            agencyNormalized: normalizeName(c.agency),
            email: c.email,
            shareBp: percentToBp(c.sharePercent),
          })),
        ],
      },
    },
  });
  await refreshEntrySearchText(tx, [entry.id]);
  // The sequence is incremented in the database, so concurrent registrations never share a code.
  const { entrySeq } = await tx.category.update({
    where: { id: category.id },
    data: { entrySeq: { increment: 1 } },
    select: { entrySeq: true },
  });
  const code = formatEntryCode(category.codePrefix, entrySeq);
  await changeEntryStatus(tx, {
    entryId: entry.id,
    to: "SUBMITTED",
    actorId,
    reason: "",
    extra: { code, submittedAt: now() },
  });
  await audit(tx, {
    actorId,
    action: "entry.register_mailed",
    targetType: "Entry",
    targetId: entry.id,
    contestId: contest.id,
    entryId: entry.id,
    after: { code, postmarkDate: e.postmarkDate, receivedDate: e.receivedDate, email: e.email, title: e.title },
  });
  const locale = user.locale === "en" ? "en" : "vi";
  await enqueueMail(tx, {
    to: user.email,
    template: "journalist/mailed-entry-registered",
    locale,
    message: mailedEntryRegisteredMail({
      locale,
      name: e.fullName,
      contestName: pickLocale(locale, contest.nameVi, contest.nameEn),
      code,
      title: e.title,
      postmark: formatIsoDate(e.postmarkDate),
      received: formatIsoDate(e.receivedDate),
      newAccount,
      url: `${appUrl()}/me/entries`,
    }),
    dedupeKey: `mailed-receipt:${entry.id}`,
  });
  return { id: entry.id, code };
}

/** Same submitter, same normalised title: already registered (makes re-importing a file safe). */
async function findExisting(db: DbTx, contestId: string, rows: MailedEntryInput[]) {
  const emails = [...new Set(rows.map((r) => r.email))];
  const existing = await db.entry.findMany({
    where: { contestId, status: { not: "WITHDRAWN" }, submitter: { email: { in: emails } } },
    select: { code: true, title: true, submitter: { select: { email: true } } },
  });
  const keys = new Map(existing.map((x) => [`${x.submitter.email}\u0000${normalizeName(x.title)}`, x.code ?? ""]));
  return (r: MailedEntryInput) => keys.get(`${r.email}\u0000${normalizeName(r.title)}`);
}

export async function registerMailedEntry(
  db: Db,
  contest: Contest,
  input: MailedEntryInput,
  actorId: string,
): Promise<{ ok: true; id: string; code: string } | { ok: false; errors: MailedIssue[] }> {
  if (!canRegisterMailed(contest.phase)) return { ok: false, errors: [mailedIssue("phase")] };
  const errors = checkMailedEntry(input, await mailedRules(db, contest));
  const dup = (await findExisting(db, contest.id, [input]))(input);
  if (dup !== undefined) errors.push(mailedIssue("alreadyRegistered", { value: dup }));
  if (errors.length) return { ok: false, errors };
  const created = await db.$transaction((tx) => insertMailedEntry(tx, contest, input, actorId));
  await recomputeFlags(db, contest.id);
  return { ok: true, ...created };
}

/** Splits CSV text into records with the line each starts on; a syntax error becomes a row error. */
export function parseCsvText(text: string): { records: CsvRecord[]; error?: CsvRowError } {
  try {
    const out = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the line where the record ends; a quoted field may span several lines.
    return { records: out.map((r) => ({ line: r.info.lines - countNewlines(r.record), fields: r.record })) };
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { records: [], error: { line, code: "syntax", params: { value: (err as Error).message.slice(0, 200) } } };
  }
}

const countNewlines = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r?\n/g)?.length ?? 0), 0);

export interface ImportResult {
  ok: boolean;
  errors: CsvRowError[];
  created: { line: number; code: string }[];
}

/** Checks the whole file first; imports every row in one transaction only if no row is bad. */
export async function importMailedCsv(db: Db, contest: Contest, text: string, actorId: string): Promise<ImportResult> {
  if (!canRegisterMailed(contest.phase)) return { ok: false, errors: [{ line: 1, code: "phase" }], created: [] };
  const parsed = parseCsvText(text);
  if (parsed.error) return { ok: false, errors: [parsed.error], created: [] };
  const { rows, errors } = checkCsv(parsed.records, await mailedRules(db, contest));
  const existing = await findExisting(db, contest.id, rows);
  for (const r of rows) {
    const code = existing(r);
    if (code !== undefined) errors.push({ line: r.line, code: "alreadyRegistered", params: { value: code } });
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line), created: [] };
  const created = await db.$transaction(
    async (tx) => {
      const out: { line: number; code: string }[] = [];
      for (const r of rows) out.push({ line: r.line, code: (await insertMailedEntry(tx, contest, r, actorId)).code });
      await audit(tx, {
        actorId,
        action: "entry.import_csv",
        targetType: "Contest",
        targetId: contest.id,
        contestId: contest.id,
        after: { rows: out.length },
      });
      return out;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  await recomputeFlags(db, contest.id);
  return { ok: true, errors: [], created };
}

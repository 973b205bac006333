/**
 * Mailed (paper) entries: the registration form's schema and the CSV import's checks. A CSV is
 * checked as a whole first; every bad row is reported with its line number and reason, and a
 * file with any error imports nothing. Format: README "Importing mailed entries from CSV".
 */
import { z } from "zod";
import { isPostmarkAccepted, parseCalendarDate, type IsoDate } from "./dates.ts";
import { calendarDate } from "./dates.ts";
import { authorIssues, windowIssues, type RuleCode, type RuleIssue } from "./eligibility.ts";

export const CSV_COLUMNS = [
  "category",
  "title",
  "outlet",
  "postmark_date",
  "received_date",
  "email",
  "full_name",
  "pen_name",
  "agency",
  "phone",
  "published_on",
  "url",
  "summary",
  "share",
  "co_authors",
] as const;
export const REQUIRED_COLUMNS = [
  "category",
  "title",
  "postmark_date",
  "received_date",
  "email",
  "full_name",
  "published_on",
] as const;

/** Accepts dd/mm/yyyy (as typed in Vietnam) or YYYY-MM-DD: the same parser as every date field. */
export const parseDate = parseCalendarDate;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface MailedEntryInput {
  categoryCode: string;
  title: string;
  outlet: string;
  summary: string;
  postmarkDate: IsoDate;
  receivedDate: IsoDate;
  email: string;
  fullName: string;
  penName: string;
  agency: string;
  phone: string;
  parts: { publishedOn: IsoDate; url: string }[];
  /** The main author's share in percent (100 when absent: a single author). */
  sharePercent?: number;
  coAuthors?: CoAuthor[];
}

export interface CoAuthor {
  fullName: string;
  email: string;
  agency: string;
  sharePercent: number;
}

/**
 * Co-authors typed as one per line (form) or separated by ";" (CSV), each
 * "Họ tên | email | cơ quan | tỷ lệ %" (email and agency may be empty). Returns the co-authors,
 * or the first piece that cannot be read.
 */
export function parseCoAuthors(
  text: string,
  separator: RegExp,
): { ok: true; coAuthors: CoAuthor[] } | { ok: false; bad: string } {
  const coAuthors: CoAuthor[] = [];
  for (const raw of text.split(separator)) {
    const piece = raw.trim();
    if (!piece) continue;
    const [name = "", email = "", agency = "", share = "", ...rest] = piece.split("|").map((x) => x.trim());
    const percent = Number(share.replace("%", "").replace(",", ".").trim());
    const emailOk = email === "" || EMAIL_RE.test(email);
    if (
      rest.length ||
      !name ||
      !emailOk ||
      !share ||
      !Number.isFinite(percent) ||
      percent <= 0 ||
      percent > 100 ||
      Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-6
    ) {
      return { ok: false, bad: piece };
    }
    coAuthors.push({ fullName: name, email: email.toLowerCase(), agency, sharePercent: percent });
  }
  return { ok: true, coAuthors };
}

/** A share typed as "60", "60 %" or "33,33"; empty means "the rest" (100 without co-authors). */
export function parseShare(text: string, coAuthors: readonly CoAuthor[]): number | null {
  const t = text.replace("%", "").replace(",", ".").trim();
  if (!t) return Math.round((100 - coAuthors.reduce((s, c) => s + c.sharePercent, 0)) * 100) / 100;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 && n <= 100 ? n : null;
}

/**
 * Why a mailed entry or a CSV line is refused. Each code has its sentence at
 * `organizer:mailed.errors.<code>` in Vietnamese and English (tests/unit/mailed-error-catalogue.test.ts
 * fails when one lacks either); the words are chosen when shown, in the reader's language.
 */
export const MAILED_ERROR_CODES = [
  "category",
  "title",
  "email",
  "fullName",
  "parts",
  "parts_text",
  "tooManyParts",
  "receivedBeforePostmark",
  "receivedInFuture",
  "postmarkLate",
  "receivedLate",
  "postmarkDate",
  "receivedDate",
  "publishedOn",
  "urlCount",
  "url",
  "duplicateRow",
  "alreadyRegistered",
  "columnCount",
  "missingColumns",
  "unknownColumns",
  "empty",
  "noRows",
  "syntax",
  "phase",
  "coAuthor",
  "share",
] as const;
export type MailedErrorCode = (typeof MAILED_ERROR_CODES)[number];
export type IssueParams = Record<string, string | number>;

/**
 * One reason: a mailed-entry code, or an online entry rule (`rule`, shown with the online entry
 * form's own sentence `entry:rule.<rule>`, so both channels word a broken rule alike).
 */
export type MailedIssue =
  { code: MailedErrorCode; params?: IssueParams } | { code: "rule"; rule: RuleCode; params?: IssueParams };

/** A mailed-entry reason (not a refusal code: these are worded from `organizer:mailed.errors`). */
export const mailedIssue = (code: MailedErrorCode, params?: IssueParams): MailedIssue =>
  params ? { code, params } : { code };
const issue = mailedIssue;

/** An entry rule issue as a mailed issue (the field path is of no use on paper). */
export function ruleIssue(i: RuleIssue): MailedIssue {
  return { code: "rule", rule: i.rule, params: i.params ?? {} };
}

export interface MailedRules {
  categoryCodes: readonly string[];
  deadline: IsoDate;
  postmarkCounts: boolean;
  maxPartsPerEntry: number;
  maxAuthorsPerEntry: number;
  publicationStart: IsoDate;
  publicationEnd: IsoDate;
  /** Today in the contest's time zone: nothing can be received in the future. */
  today: IsoDate;
}

/** Checks one mailed entry against the contest's rules; returns the reasons it is refused. */
export function checkMailedEntry(e: MailedEntryInput, rules: MailedRules): MailedIssue[] {
  const errors: MailedIssue[] = [];
  if (!rules.categoryCodes.includes(e.categoryCode)) errors.push(issue("category", { value: e.categoryCode }));
  if (!e.title.trim()) errors.push(issue("title"));
  if (!EMAIL_RE.test(e.email)) errors.push(issue("email", { value: e.email }));
  if (!e.fullName.trim()) errors.push(issue("fullName"));
  if (e.parts.length === 0) errors.push(issue("parts"));
  if (e.parts.length > rules.maxPartsPerEntry) errors.push(issue("tooManyParts", { value: rules.maxPartsPerEntry }));
  // The online entry's rule and sentences: at most N authors, shares adding up to 100 %.
  errors.push(
    ...authorIssues([{ sharePercent: e.sharePercent ?? 100 }, ...(e.coAuthors ?? [])], rules.maxAuthorsPerEntry).map(
      ruleIssue,
    ),
  );
  // The same rule and sentence as an online entry's ("Kỳ 2 ngày … nằm ngoài khoảng …").
  errors.push(...windowIssues(e.parts, rules).map(ruleIssue));
  if (e.receivedDate < e.postmarkDate) errors.push(issue("receivedBeforePostmark"));
  if (e.receivedDate > rules.today) errors.push(issue("receivedInFuture"));
  const counted = rules.postmarkCounts ? e.postmarkDate : e.receivedDate;
  if (!isPostmarkAccepted(counted, rules.deadline)) {
    errors.push(issue(rules.postmarkCounts ? "postmarkLate" : "receivedLate"));
  }
  return errors;
}

export interface CsvRecord {
  /** 1-based line number in the file where the record starts. */
  line: number;
  fields: string[];
}

/** A refused line of a CSV file (line 1 for the file as a whole) and why. */
export type CsvRowError = MailedIssue & { line: number };

export interface CsvCheckResult {
  rows: (MailedEntryInput & { line: number })[];
  errors: CsvRowError[];
}

const splitList = (s: string) =>
  s
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean);

/** Validates a parsed CSV (header first). `rows` is only meaningful when `errors` is empty. */
export function checkCsv(records: readonly CsvRecord[], rules: MailedRules): CsvCheckResult {
  const errors: CsvRowError[] = [];
  const rows: CsvCheckResult["rows"] = [];
  const [header, ...data] = records;
  if (!header) return { rows, errors: [{ line: 1, code: "empty" }] };
  const names = header.fields.map((f) =>
    f
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ""),
  );
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length)
    return { rows, errors: [{ line: header.line, code: "missingColumns", params: { value: missing.join(", ") } }] };
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length)
    return { rows, errors: [{ line: header.line, code: "unknownColumns", params: { value: unknown.join(", ") } }] };
  if (data.length === 0) return { rows, errors: [{ line: header.line, code: "noRows" }] };

  const seen = new Map<string, number>();
  for (const rec of data) {
    const get = (col: (typeof CSV_COLUMNS)[number]) => {
      const i = names.indexOf(col);
      return i < 0 ? "" : (rec.fields[i] ?? "").trim();
    };
    if (rec.fields.length !== names.length) {
      errors.push({
        line: rec.line,
        code: "columnCount",
        params: { value: `${rec.fields.length}/${names.length}` },
      });
      continue;
    }
    const rowErrors: MailedIssue[] = [];
    const postmark = parseDate(get("postmark_date"));
    const received = parseDate(get("received_date"));
    if (!postmark) rowErrors.push(issue("postmarkDate", { value: get("postmark_date") }));
    if (!received) rowErrors.push(issue("receivedDate", { value: get("received_date") }));
    const dates = splitList(get("published_on"));
    const urls = get("url")
      ? get("url")
          .split(";")
          .map((u) => u.trim())
      : [];
    const parsedDates = dates.map(parseDate);
    const badDate = dates.find((_, i) => !parsedDates[i]);
    if (badDate !== undefined) rowErrors.push(issue("publishedOn", { value: badDate }));
    if (urls.length > 0 && urls.length !== dates.length) rowErrors.push(issue("urlCount"));
    const badUrl = urls.find((u) => u && !/^https?:\/\/\S+$/i.test(u));
    if (badUrl) rowErrors.push(issue("url", { value: badUrl }));
    const co = parseCoAuthors(get("co_authors"), /;/);
    if (!co.ok) rowErrors.push(issue("coAuthor", { value: co.bad }));
    const coAuthors = co.ok ? co.coAuthors : [];
    const share = parseShare(get("share"), coAuthors);
    if (share === null) rowErrors.push(issue("share", { value: get("share") }));
    if (postmark && received && badDate === undefined && co.ok && share !== null) {
      const input: MailedEntryInput = {
        categoryCode: get("category"),
        title: get("title"),
        outlet: get("outlet"),
        summary: get("summary"),
        postmarkDate: postmark,
        receivedDate: received,
        email: get("email").toLowerCase(),
        fullName: get("full_name"),
        penName: get("pen_name"),
        agency: get("agency"),
        phone: get("phone"),
        parts: parsedDates.map((d, i) => ({ publishedOn: d!, url: urls[i] ?? "" })),
        sharePercent: share,
        coAuthors,
      };
      rowErrors.push(...checkMailedEntry(input, rules));
      const dupKey = `${input.email}\u0000${input.title.toLowerCase()}`;
      const first = seen.get(dupKey);
      if (first !== undefined) rowErrors.push(issue("duplicateRow", { value: first }));
      else seen.set(dupKey, rec.line);
      if (rowErrors.length === 0) rows.push({ ...input, line: rec.line });
    }
    for (const e of rowErrors) errors.push({ ...e, line: rec.line });
  }
  return { rows, errors };
}

/** The single-entry registration form (one part per line in `parts`: "dd/mm/yyyy URL"). */
export const MailedEntryFormSchema = z.object({
  categoryCode: z.string({ error: "validation.required" }).min(1, "validation.required"),
  title: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(500, "validation.tooLong"),
  outlet: z.string().trim().max(200, "validation.tooLong").default(""),
  summary: z.string().trim().max(5000, "validation.tooLong").default(""),
  postmarkDate: calendarDate(),
  receivedDate: calendarDate(),
  email: z.string({ error: "validation.required" }).trim().toLowerCase().regex(EMAIL_RE, "validation.emailInvalid"),
  fullName: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(200, "validation.tooLong"),
  penName: z.string().trim().max(200, "validation.tooLong").default(""),
  agency: z.string().trim().max(200, "validation.tooLong").default(""),
  phone: z.string().trim().max(30, "validation.tooLong").default(""),
  parts: z.string({ error: "validation.required" }).trim().min(1, "validation.required"),
  /** The main author's share in percent; empty = what the co-authors leave. */
  share: z.string().trim().max(10, "validation.tooLong").default(""),
  /** One co-author per line: "Họ tên | email | cơ quan | tỷ lệ %". */
  coAuthors: z.string().trim().max(5000, "validation.tooLong").default(""),
});
export type MailedEntryForm = z.infer<typeof MailedEntryFormSchema>;

/** Parses the form's parts textarea: one "date [url]" per line. Null when a line is bad. */
export function parsePartsText(text: string): { publishedOn: IsoDate; url: string }[] | null {
  const parts: { publishedOn: IsoDate; url: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [d, url = ""] = line.split(/\s+/, 2);
    const date = parseDate(d ?? "");
    if (!date || (url && !/^https?:\/\/\S+$/i.test(url))) return null;
    parts.push({ publishedOn: date, url });
  }
  return parts;
}

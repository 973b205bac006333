/**
 * Calendar dates and deadlines. Calendar dates are ISO strings `YYYY-MM-DD` (a publication on
 * 01/10/2020 is in the window whatever the server's time zone); instants are `Date`s. No clock
 * reads here: callers pass `now`.
 */
import { TZDate } from "@date-fns/tz";

/** `YYYY-MM-DD`, a real calendar day. */
export type IsoDate = string & { readonly __brand?: "IsoDate" };

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** A `@db.Date` value as Prisma returns it (UTC midnight) → `YYYY-MM-DD`. */
export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → the `Date` Prisma expects for a `@db.Date` column (UTC midnight). */
export function fromIsoDate(iso: IsoDate): Date {
  if (!isIsoDate(iso)) throw new RangeError(`Not a calendar date: ${iso}`);
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Parses dd/mm/yyyy (as Vietnamese users type dates) into an ISO date, or null. */
export function parseVietnameseDate(text: string): IsoDate | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * What a person types in a date field, or a CSV cell: dd/mm/yyyy (d/m/yyyy too), or ISO
 * `YYYY-MM-DD` (API clients, old bookmarks). Null when it is not a real calendar day.
 */
export function parseCalendarDate(text: string): IsoDate | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  return parseVietnameseDate(t);
}

/** A stored ISO date as a date field shows it (dd/mm/yyyy); anything else is kept as typed. */
export function dateFieldText(value: string | null | undefined): string {
  if (!value) return "";
  return isIsoDate(value) ? formatIsoDate(value) : value;
}

/**
 * The date field's mask: typing forward, the slashes come by themselves ("20" → "20/",
 * "20/11" → "20/11/"), and eight digits pasted at once become dd/mm/yyyy. Deleting is left alone.
 */
export function maskDateTyping(previous: string, next: string): string {
  const digits = next.replace(/\D/g, "");
  if (/^\d{8}$/.test(next)) return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
  if (next.length > previous.length && /^(\d{2}|\d{1,2}\/\d{2})$/.test(next)) return `${next}/`;
  return next;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`. */
export function formatIsoDate(iso: IsoDate): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const d = fromIsoDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

/** Both ends inclusive. ISO dates compare correctly as strings. */
export function isWithinWindow(date: IsoDate, start: IsoDate, end: IsoDate): boolean {
  return date >= start && date <= end;
}

/** The calendar day of instant `now` in `timeZone`. */
export function calendarDateIn(now: Date, timeZone: string): IsoDate {
  const z = new TZDate(now.getTime(), timeZone);
  const y = z.getFullYear();
  const m = String(z.getMonth() + 1).padStart(2, "0");
  const d = String(z.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/**
 * The first instant after the deadline: start of (deadline date + 1 day) in the contest's zone.
 * For 2021-11-10 in Asia/Ho_Chi_Minh that is 2021-11-10T17:00:00Z.
 */
export function deadlineEndsAt(deadline: IsoDate, timeZone: string): Date {
  const key = `${deadline}|${timeZone}`;
  let ms = deadlineEnds.get(key);
  if (ms === undefined) {
    const next = addDays(deadline, 1);
    const [y, m, d] = next.split("-").map(Number) as [number, number, number];
    ms = new TZDate(y, m - 1, d, 0, 0, 0, 0, timeZone).getTime();
    if (deadlineEnds.size >= 1_000) deadlineEnds.clear();
    deadlineEnds.set(key, ms);
  }
  return new Date(ms);
}
// Remembered: every submit and every entry page asks for its contest's deadline (a zone lookup
// through Intl, ~50 µs); a process sees a handful of deadlines.
const deadlineEnds = new Map<string, number>();

/** Online submissions are accepted while `now` is before the end of the deadline day. */
export function isBeforeDeadline(now: Date, deadline: IsoDate, timeZone: string): boolean {
  return now.getTime() < deadlineEndsAt(deadline, timeZone).getTime();
}

/** A mailed entry counts by its postmark: accepted when postmark date ≤ deadline date. */
export function isPostmarkAccepted(postmark: IsoDate, deadline: IsoDate): boolean {
  return postmark <= deadline;
}

/** Milliseconds left until the deadline ends (0 once passed). */
export function timeLeftMs(now: Date, deadline: IsoDate, timeZone: string): number {
  return Math.max(0, deadlineEndsAt(deadline, timeZone).getTime() - now.getTime());
}

/** The one message every date field shows for a date it cannot read (common namespace). */
export const DATE_MESSAGE = "validation.date";

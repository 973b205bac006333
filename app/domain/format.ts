/**
 * Display of instants: dd/mm/yyyy HH:mm (Vietnamese convention) in `timeZone`, the contest's
 * setting (or the platform's, PLATFORM_TIME_ZONE, for times of no contest). No default: a
 * caller that forgets the zone is a type error, not Vietnam time by accident.
 */
import { tzOffset } from "@date-fns/tz";

export function formatInstant(at: Date | string, timeZone: string): string {
  const ms = new Date(at).getTime();
  // The wall clock: the instant moved by the zone's offset, read in UTC (as TZDate reads it).
  const z = new Date(ms + offsetMinutes(ms, timeZone) * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(z.getUTCDate())}/${p(z.getUTCMonth() + 1)}/${z.getUTCFullYear()} ${p(z.getUTCHours())}:${p(z.getUTCMinutes())}`;
}

/**
 * A zone's UTC offset (minutes) at `ms`, remembered per quarter hour: asking Intl costs ~10 µs
 * a time, and a table of 50 entries asked 50 times per page. Offsets change at most once in a
 * quarter hour; when they differ at its two ends the change is inside it and Intl answers for
 * the instant itself, uncached.
 */
const QUARTER = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();
function offsetMinutes(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const q = Math.floor(ms / QUARTER);
  let offset = zone.get(q);
  if (offset === undefined) {
    offset = tzOffset(timeZone, new Date(q * QUARTER));
    if (offset !== tzOffset(timeZone, new Date((q + 1) * QUARTER - 1))) return tzOffset(timeZone, new Date(ms));
    if (zone.size >= 10_000) zone.clear();
    zone.set(q, offset);
  }
  return offset;
}

/** The Intl locale of the reader's number format: decimal comma in Vietnamese, point in English. */
export function numberLocale(locale: string = "vi"): string {
  return locale === "en" ? "en-GB" : "vi-VN";
}

/**
 * One Intl.NumberFormat per locale and options, kept: `toLocaleString` with options builds a new
 * formatter (ICU) on every call, tens to hundreds of µs each, and a receipt or a table asks for
 * many. Keys are few (two locales, a handful of digit counts).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, maxDigits: number | undefined, grouping: boolean): Intl.NumberFormat {
  const key = `${locale}|${maxDigits ?? ""}|${grouping ? 1 : 0}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(numberLocale(locale), {
      ...(maxDigits === undefined ? {} : { maximumFractionDigits: maxDigits }),
      ...(grouping ? {} : { useGrouping: false }),
    });
    numberFormats.set(key, f);
  }
  return f;
}

/** A number in the reader's format ("8,5" / "8.5"), at most `maxDigits` decimals (default: Intl's 3). */
export function formatNumber(n: number, locale: string = "vi", maxDigits?: number): string {
  return numberFormat(locale, maxDigits, true).format(n);
}

/**
 * A percentage in the reader's number format, at most two decimals: 33.34 → "33,34" in
 * Vietnamese (decimal comma), "33.34" in English. docs/glossary.md "Numbers".
 */
export function formatPercentNumber(percent: number, locale: string = "vi"): string {
  return numberFormat(locale, 2, false).format(percent);
}

/** "33,34 %" (vi) / "33.34 %" (en). */
export function formatPercent(percent: number, locale: string = "vi"): string {
  return `${formatPercentNumber(percent, locale)} %`;
}

/**
 * Display of instants: dd/mm/yyyy HH:mm (Vietnamese convention) in `timeZone`, the contest's
 * setting (or the platform's, PLATFORM_TIME_ZONE, for times of no contest). No default: a
 * caller that forgets the zone is a type error, not Vietnam time by accident.
 */
import { TZDate } from "@date-fns/tz";

export function formatInstant(at: Date | string, timeZone: string): string {
  const z = new TZDate(new Date(at).getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(z.getDate())}/${p(z.getMonth() + 1)}/${z.getFullYear()} ${p(z.getHours())}:${p(z.getMinutes())}`;
}

/** The Intl locale of the reader's number format: decimal comma in Vietnamese, point in English. */
export function numberLocale(locale: string = "vi"): string {
  return locale === "en" ? "en-GB" : "vi-VN";
}

/** A number in the reader's format ("8,5" / "8.5"), at most `maxDigits` decimals (default: Intl's 3). */
export function formatNumber(n: number, locale: string = "vi", maxDigits?: number): string {
  return n.toLocaleString(
    numberLocale(locale),
    maxDigits === undefined ? undefined : { maximumFractionDigits: maxDigits },
  );
}

/**
 * A percentage in the reader's number format, at most two decimals: 33.34 → "33,34" in
 * Vietnamese (decimal comma), "33.34" in English. docs/glossary.md "Numbers".
 */
export function formatPercentNumber(percent: number, locale: string = "vi"): string {
  return percent.toLocaleString(numberLocale(locale), { maximumFractionDigits: 2, useGrouping: false });
}

/** "33,34 %" (vi) / "33.34 %" (en). */
export function formatPercent(percent: number, locale: string = "vi"): string {
  return `${formatPercentNumber(percent, locale)} %`;
}

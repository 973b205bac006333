/** Display of instants in the contest's zone: dd/mm/yyyy HH:mm (Vietnamese convention). */
import { TZDate } from "@date-fns/tz";

export function formatInstant(at: Date | string, timeZone = "Asia/Ho_Chi_Minh"): string {
  const z = new TZDate(new Date(at).getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(z.getDate())}/${p(z.getMonth() + 1)}/${z.getFullYear()} ${p(z.getHours())}:${p(z.getMinutes())}`;
}

/**
 * A percentage in the reader's number format, at most two decimals: 33.34 → "33,34" in
 * Vietnamese (decimal comma), "33.34" in English. docs/glossary.md "Numbers".
 */
export function formatPercentNumber(percent: number, locale: string = "vi"): string {
  return percent.toLocaleString(locale === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 2, useGrouping: false });
}

/** "33,34 %" (vi) / "33.34 %" (en). */
export function formatPercent(percent: number, locale: string = "vi"): string {
  return `${formatPercentNumber(percent, locale)} %`;
}

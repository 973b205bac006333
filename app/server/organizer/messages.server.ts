import type { TFunction } from "i18next";
import { formatIsoDate, isIsoDate } from "#app/domain/dates.ts";
import { formatPercentNumber } from "#app/domain/format.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";

/**
 * Renders a domain message "key|value" of the organizer namespace. A value that is a JSON
 * object is the message's parameters (entry rule issues: part, date…), dates shown dd/mm/yyyy.
 */
export function domainMessageText(t: TFunction, message: string, locale = "vi"): string {
  const i = message.indexOf("|");
  const [key, value] = i < 0 ? [message, undefined] : [message.slice(0, i), message.slice(i + 1)];
  if (value?.startsWith("{")) {
    try {
      const params: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(JSON.parse(value) as Record<string, unknown>)) {
        params[k] =
          typeof v === "string" && isIsoDate(v)
            ? formatIsoDate(v)
            : k === "total" && typeof v === "number"
              ? formatPercentNumber(v, locale)
              : v;
      }
      return t(key, { ns: "organizer", ...params, defaultValue: message });
    } catch {
      // Not parameters after all: shown as a plain value below.
    }
  }
  return t(key, { ns: "organizer", value, defaultValue: message });
}

/** Renders a domain message in `locale` (CLI output, mails, exports). */
export function csvErrorText(message: string, locale: Locale = "vi"): string {
  return domainMessageText(getI18n(locale).t, message, locale);
}

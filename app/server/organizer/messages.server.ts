import { getI18n, type Locale } from "#app/i18n/i18n.ts";

/** Renders a domain message "key|value" of the organizer namespace (CLI output, mails, exports). */
export function csvErrorText(message: string, locale: Locale = "vi"): string {
  const i = message.indexOf("|");
  const [key, value] = i < 0 ? [message, undefined] : [message.slice(0, i), message.slice(i + 1)];
  return getI18n(locale).t(key, { ns: "organizer", value, defaultValue: message });
}

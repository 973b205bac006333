import fs from "node:fs";
import i18next, { type TFunction } from "i18next";

export type Locale = "vi" | "en";

const NAMESPACES = [
  "common",
  "auth",
  "account",
  "security",
  "entry",
  "judging",
  "organizer",
  "results",
  "mail",
  "contest",
];

/** The app's own messages, read as files: the tests read what a person reads, in their language. */
export function translator(locale: Locale): TFunction {
  const resources = Object.fromEntries(
    (["vi", "en"] as const).map((l) => [
      l,
      Object.fromEntries(
        NAMESPACES.map((n) => [n, JSON.parse(fs.readFileSync(`app/i18n/locales/${l}/${n}.json`, "utf8"))]),
      ),
    ]),
  );
  const i = i18next.createInstance();
  void i.init({
    lng: locale,
    resources,
    ns: NAMESPACES,
    defaultNS: "common",
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i.t.bind(i);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A text's start matched in either language (a mail subject that goes on with data). */
export function eitherPrefix(key: string, values?: Record<string, unknown>): RegExp {
  return new RegExp(`^(${escape(both.vi(key, values))}|${escape(both.en(key, values))})`);
}

/** A message with its values left open: each named value matches any text. */
export function pattern(t: TFunction, key: string, names: string[]): RegExp {
  const values = Object.fromEntries(names.map((n, i) => [n, `\uE000${i}\uE000`]));
  return new RegExp(escape(t(key, values)).replace(/\uE000\d+\uE000/g, ".*"));
}

/** A label matched whole (getByLabel matches substrings otherwise). */
export const exact = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

const both = { vi: translator("vi"), en: translator("en") };

/** A text matched whole in either language (helpers that do not know the page's language). */
export function either(key: string, values?: Record<string, unknown>): RegExp {
  const [vi, en] = [both.vi(key, values), both.en(key, values)].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(${vi}|${en})$`);
}

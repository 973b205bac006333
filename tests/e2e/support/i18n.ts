import fs from "node:fs";
import i18next, { type TFunction } from "i18next";

export type Locale = "vi" | "en";

const NAMESPACES = ["common", "auth", "account", "security", "entry", "judging", "organizer", "results"];

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

/** A label matched whole (getByLabel matches substrings otherwise). */
export const exact = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

const both = { vi: translator("vi"), en: translator("en") };

/** A text matched whole in either language (helpers that do not know the page's language). */
export function either(key: string, values?: Record<string, unknown>): RegExp {
  const [vi, en] = [both.vi(key, values), both.en(key, values)].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(${vi}|${en})$`);
}

import i18next, { type i18n as I18n } from "i18next";
import { resources } from "./resources.ts";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const LOCALE_COOKIE = "lng";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const shared = new Map<Locale, I18n>();

/**
 * The i18next instance of a language, built once per process (server) or page (client) from
 * the bundled messages, so server and client render the same text. Shared between requests:
 * nothing may change its language or add resources (use createI18n for that).
 */
export function getI18n(locale: Locale): I18n {
  let instance = shared.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    shared.set(locale, instance);
  }
  return instance;
}

/** A fresh i18next instance, built synchronously from the bundled messages. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    defaultNS: "common",
    ns: Object.keys(resources.vi),
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

import i18next, { type Resource, type ResourceLanguage, type i18n as I18n } from "i18next";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const LOCALE_COOKIE = "lng";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The messages of each language. On the server (and in tests and the CLI) both languages are
 * bundled (resources.ts), read before any module using this one runs. A browser gets only its
 * page's language: entry.client.tsx awaits loadCatalogue before hydrating, so the first render
 * already has every word (no untranslated flash, no hydration mismatch). The other language's
 * messages would be about a sixth of the judge scoring page's JavaScript.
 */
const catalogues = new Map<Locale, ResourceLanguage>();
if (typeof document === "undefined") {
  const { resources } = await import("./resources.ts");
  for (const locale of LOCALES) catalogues.set(locale, resources[locale]);
}

/** Loads the messages of `locale` into this page (browser); a no-op once they are there. */
export async function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues.has(locale)) return;
  const messages = locale === "en" ? await import("./catalogue.en.ts") : await import("./catalogue.vi.ts");
  catalogues.set(locale, messages.default);
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

/** A fresh i18next instance, built synchronously from the loaded messages. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  const resources: Resource = {};
  for (const [lng, messages] of catalogues) resources[lng] = messages;
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    defaultNS: "common",
    ns: Object.keys(catalogues.get(locale) ?? catalogues.get(DEFAULT_LOCALE) ?? {}),
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

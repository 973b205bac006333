import { getI18n } from "#app/i18n/i18n.ts";
import { resources } from "#app/i18n/resources.ts";
import type { MailLocale } from "./layout.ts";

export type MailWords = (key: string, params?: Record<string, string | number>) => string;

function has(tree: unknown, key: string): boolean {
  let node = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}

/**
 * The mail sentences of one language (app/i18n/locales/<locale>/mail.json). A key missing in
 * that language throws instead of falling through to the other language or showing the key:
 * tests/unit/mail-languages.test.ts renders every variant in both, so a gap fails there.
 */
export function mailWords(locale: MailLocale): MailWords {
  // One per language, kept: every receipt (subject at submit time, then mail and PDF) asks for it.
  let words = wordsOf.get(locale);
  if (!words) {
    const t = getI18n(locale).getFixedT(locale, "mail");
    words = (key, params) => {
      if (!has(resources[locale].mail, key))
        throw new Error(`mail sentence "${key}" is missing in ${locale}/mail.json`);
      return t(key, params);
    };
    wordsOf.set(locale, words);
  }
  return words;
}
const wordsOf = new Map<MailLocale, MailWords>();

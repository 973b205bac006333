import type { TFunction } from "i18next";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";

/**
 * The language of the command line: `--lang en|vi` (anywhere in the arguments), else English
 * when LANG starts with "en", else Vietnamese (the platform's primary language).
 */
export function cliLocale(lang: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (lang === "en" || lang === "vi") return lang;
  return (env.LANG ?? "").toLowerCase().startsWith("en") ? "en" : "vi";
}

export interface CliI18n {
  locale: Locale;
  /** The CLI catalogue (cli.json); other namespaces with an `ns:` prefix. */
  t: TFunction;
  /** The arguments without `--lang`, for the command's own parser. */
  args: string[];
  /** Set when `--lang` had a value other than en or vi. */
  badLang?: string;
}

/** Takes `--lang <x>` / `--lang=<x>` out of the arguments and returns the translator of that language. */
export function cliI18n(argv: string[], env: NodeJS.ProcessEnv = process.env): CliI18n {
  const args: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--lang") lang = argv[++i] ?? "";
    else if (a.startsWith("--lang=")) lang = a.slice("--lang=".length);
    else args.push(a);
  }
  const locale = cliLocale(lang, env);
  const badLang = lang !== undefined && lang !== "en" && lang !== "vi" ? lang : undefined;
  return { locale, t: getI18n(locale).getFixedT(locale, "cli"), args, badLang };
}

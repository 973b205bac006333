import type { MetaDescriptor } from "@remix-run/node";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { translator } from "#app/i18n/use-translation.ts";

type Match = { id: string; data: unknown };

/** The reader's language, from the root loader's data (meta runs on server and client alike). */
function localeOf(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale === "en" ? "en" : "vi";
}

/**
 * A page title whose words come from the catalogues: the data-driven parts first (an entry's
 * code, a contest's name; empty ones left out), then the page's label `key` ("ns:key"), then
 * the site's name (no label: `key` null): "BI-001 · Dòng sông · Chấm giải · Giải Báo chí".
 */
export function catalogueTitle(
  matches: readonly Match[],
  key: string | null,
  lead: readonly (string | null | undefined)[] = [],
  params: Record<string, string | number> = {},
): MetaDescriptor[] {
  // Without parameters a label is remembered (use-translation.ts): i18next's own call translates
  // it anew each time, which was a tenth of a millisecond of every organizer page.
  const t = translator(getI18n(localeOf(matches)));
  const label = key ? (Object.keys(params).length ? t(key, params) : t(key)) : null;
  return [{ title: [...lead, label, t("common:appName")].filter(Boolean).join(" · ") }];
}

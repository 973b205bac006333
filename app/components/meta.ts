import type { MetaDescriptor } from "@remix-run/node";

type Match = { id: string; data: unknown };

/**
 * A page title in the reader's language (the root loader's locale): "Đăng nhập · Giải Báo chí"
 * or "Sign in · Press Award". `page` may be empty for the home page.
 */
export function pageTitle(matches: readonly Match[], page: { vi: string; en: string }): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const en = root?.locale === "en";
  const app = en ? "Press Award" : "Giải Báo chí";
  const name = en ? page.en : page.vi;
  return [{ title: name ? `${name} · ${app}` : app }];
}

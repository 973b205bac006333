import type { Refusal } from "#app/domain/contest-settings.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { DomainError } from "#app/server/shared/errors.server.ts";
import { domainMessageText } from "./messages.server.ts";

/** Turns refusals and "key|value" messages into sentences in the request's language. */
export function orgText(request: Request) {
  const i18n = getI18n(getLocale(request));
  return {
    refusals: (list: Refusal[]) => list.map((r) => i18n.t(r.key, { ns: "organizer", ...r.values })),
    message: (m: string) => domainMessageText(i18n.t, m, getLocale(request)),
    t: i18n.t.bind(i18n),
  };
}

/** Runs an action step; a DomainError becomes a form error instead of an error page. */
export async function catchDomain<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    throw err;
  }
}

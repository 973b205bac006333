import { formatIsoDate, isIsoDate } from "#app/domain/dates.ts";
import { DomainError, refusalKey, type Refusal, type RefusalCode, type RefusalParams } from "#app/domain/errors.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";

/** A refusal in the reader's language: what a form shows and what an error page shows. */
export interface RefusalReply {
  code: RefusalCode;
  params: RefusalParams;
  status: number;
  /** The first refusal's sentence. */
  message: string;
  /** Every refusal's sentence (a settings form may break several rules at once). */
  messages: string[];
}

/** The sentence of one refusal in `locale`; ISO dates are shown dd/mm/yyyy. */
export function refusalText(r: Refusal, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r.params ?? {}))
    params[k] = typeof v === "string" && isIsoDate(v) ? formatIsoDate(v) : v;
  return getI18n(locale).t(refusalKey(r.code), params);
}

export function refusalReply(err: DomainError, locale: Locale): RefusalReply {
  const messages = err.all.map((r) => refusalText(r, locale));
  return { code: err.code, params: err.params, status: err.status, message: messages[0]!, messages };
}

/** `error` is the refusal itself, for the few forms that mark fields from a subclass's details. */
export type Attempt<T> = { ok: true; value: T } | ({ ok: false; error: DomainError } & RefusalReply);

/**
 * The one adapter from a refusal to the screen. Runs a service call for a route:
 * - in an action (default, "form"): a DomainError becomes `{ ok: false, code, status, message,
 *   messages }` in the request's language, for the form to show (reply with `status`);
 * - in a loader ("page"): a DomainError is thrown as an error response with its status and
 *   sentence, which the error boundary shows.
 * Anything else is rethrown untouched.
 */
export async function attempt<T>(request: Request, fn: () => Promise<T> | T, mode: "page"): Promise<T>;
export async function attempt<T>(request: Request, fn: () => Promise<T> | T, mode?: "form"): Promise<Attempt<T>>;
export async function attempt<T>(
  request: Request,
  fn: () => Promise<T> | T,
  mode: "form" | "page" = "form",
): Promise<T | Attempt<T>> {
  try {
    const value = await fn();
    return mode === "page" ? value : { ok: true, value };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const reply = refusalReply(err, getLocale(request));
    // A thrown Response: Remix hands its JSON body to the error boundary as `error.data`.
    if (mode === "page") throw Response.json({ code: reply.code, message: reply.message }, { status: reply.status });
    return { ok: false, error: err, ...reply };
  }
}

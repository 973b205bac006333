import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";

/** A generic 4xx as plain text in the reader's language (api.json → status.<code>). */
export function plainError(request: Request, status: 400 | 403 | 404, message?: string): Response {
  const locale = getLocale(request);
  return new Response(`${message ?? getI18n(locale).t(`api:status.${status}`)}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Language": locale, "Cache-Control": "no-store" },
  });
}

/**
 * Resource routes (files, exports, the JSON API) answer the browser directly, with no error
 * boundary to translate a thrown notFound()/forbidden(): their generic words (the catalogue's
 * Vietnamese default) are re-said in the reader's language. Specific messages pass untouched.
 */
export async function inReadersLanguage<T>(request: Request, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof Response && (err.status === 400 || err.status === 403 || err.status === 404)) {
      const generic = getI18n("vi").t(`api:status.${err.status}`);
      if ((await err.clone().text()) === generic) throw plainError(request, err.status);
    }
    throw err;
  }
}

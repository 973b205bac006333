import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, type Locale } from "./i18n.ts";

/** The language of a request: the `lng` cookie, else Accept-Language, else Vietnamese. */
export function getLocale(request: Request): Locale {
  return localeOfHeaders(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** The same choice from the raw headers (Express middleware, which has no fetch Request). */
export function localeOfHeaders(
  cookieHeader: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  const cookie = cookieHeader ?? "";
  const match = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(cookie);
  if (match && isLocale(match[1])) return match[1];
  const accept = acceptLanguage ?? "";
  const first = accept.split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

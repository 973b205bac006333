/**
 * Where a user may be sent back to after login, a language switch or an invitation: a path on
 * this site, never another one. Browsers drop tabs and newlines from URLs and treat `\` as `/`,
 * so `/\t/evil.example`, `/\evil.example` and `//evil.example` all leave the site; encoded
 * slashes in the path (`/%2F/evil.example`) are decoded by some proxies. All are refused, and
 * the caller's fallback (a safe path) is used instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0020\u007f-\u009f\\\u2028\u2029\ufeff]/;
const BASE = "http://site.invalid";

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (UNSAFE_CHARS.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  const path = to.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  if (UNSAFE_CHARS.test(decoded) || decoded.startsWith("//") || /%2f|%5c/i.test(path)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

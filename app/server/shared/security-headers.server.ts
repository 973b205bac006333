import { randomFillSync } from "node:crypto";
import { appUrl, env } from "./env.server.ts";

// 256 nonces' worth of random bytes per getrandom call, as Node's randomUUID keeps its entropy:
// a call per page was ~0.6 % of an organizer page's CPU under load. Each nonce is used once.
const pool = Buffer.alloc(16 * 256);
let taken = pool.length;

/** A fresh nonce per HTML response (128 random bits): only scripts carrying it run. */
export function createNonce(): string {
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  taken += 16;
  return pool.toString("base64", taken - 16, taken);
}

/**
 * Headers of every HTML page: a Content-Security-Policy (scripts only from this site or with
 * this response's nonce; no framing; no plugins), nosniff, a Referrer-Policy that keeps paths
 * (which name entries and contests) from other sites, and HSTS when the site is served over
 * https. Uploads (tus) and playback (media from /me/files, /judge/files) are same-origin.
 */
export function setSecurityHeaders(headers: Headers, nonce: string): void {
  const dev = env().NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // React style={{…}} attributes are inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    // Vite's dev server reloads over a websocket.
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  headers.set("Content-Security-Policy", csp);
  headers.set("X-Frame-Options", "DENY");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (appUrl().startsWith("https:")) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

import type { NextFunction, Request, Response } from "express";
import { getI18n } from "#app/i18n/i18n.ts";
import { localeOfHeaders } from "#app/i18n/locale.server.ts";
import { appUrl, env } from "./env.server.ts";
import { TUS_PATH } from "../journalist/uploads.server.ts";

/**
 * The first check of every request that carries a body, before a byte of it is read (Express
 * middleware in front of Remix; tus uploads have their own chunk limits). Refuses:
 * - a POST from another origin (Origin or Sec-Fetch-Site): 403. SameSite=Lax cookies already stop
 *   other sites; this stops a sibling sub-domain ("same-site") too;
 * - a body without Content-Length (chunked): 411, so the size is known up front;
 * - a body over the limit of its route (forms MAX_FORM_BYTES, the CSV import MAX_IMPORT_BYTES):
 *   413 at once, before the body is parsed or buffered.
 *
 * A refusal sent while the client is still uploading must reach it. Closing the socket at once
 * (Connection: close) makes the kernel answer the rest of the upload with a reset, and a client
 * that has not yet read our answer — a browser sending a too-big CSV, or any client on a busy
 * machine — then shows "connection reset" instead of the reason. So the server does a lingering
 * close (RFC 9112 §9.6, what nginx and Apache do): it discards what is still coming for at most
 * LINGER_MS, then drops the connection. Nothing is kept, so memory stays flat.
 */
const LINGER_MS = 5_000;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Routes that take a CSV file (multipart); everything else is a small form. */
const IMPORT_ROUTES = [/^\/organizer\/[^/]+\/mailed\/?$/, /^\/organizer\/[^/]+\/rounds\/\d+\/?$/];

export function bodyLimitFor(pathname: string): number {
  const e = env();
  return IMPORT_ROUTES.some((r) => r.test(pathname)) ? e.MAX_IMPORT_BYTES : e.MAX_FORM_BYTES;
}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/** The refusal in the client's language (lng cookie, else Accept-Language): api.json → guard.<key>. */
function refuse(req: Request, res: Response, status: number, key: string, params: Record<string, string> = {}): void {
  const locale = localeOfHeaders(req.headers.cookie, req.headers["accept-language"]);
  res
    .status(status)
    .set({ "Content-Type": "text/plain; charset=utf-8", "Content-Language": locale, "Cache-Control": "no-store" });
  res.end(`${getI18n(locale).t(`api:guard.${key}`, params)}\n`);
  if (req.readableEnded) return;
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.once("end", done);
  req.once("close", done);
  req.resume(); // discard, never buffer
}

function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  const site = req.headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") return false;
  if (!origin) return true;
  if (origin === "null") return false;
  const own = new Set([new URL(appUrl()).origin]);
  if (req.headers.host) own.add(`${req.protocol}://${req.headers.host}`);
  return own.has(origin);
}

export function requestGuard() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!BODY_METHODS.has(req.method) || req.path.startsWith(TUS_PATH)) return next();
    if (!sameOrigin(req)) {
      return refuse(req, res, 403, "crossSite");
    }
    const limit = bodyLimitFor(req.path);
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      if (req.headers["transfer-encoding"]) {
        return refuse(req, res, 411, "lengthRequired");
      }
      return next(); // no body at all
    }
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length < 0) {
      return refuse(req, res, 400, "badLength");
    }
    if (length > limit) {
      return refuse(req, res, 413, "tooLarge", { limit: mib(limit) });
    }
    next();
  };
}

import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import type { Role } from "#app/generated/prisma/client.ts";
import { now } from "./clock.server.ts";
import { getDb, type Db } from "./db.server.ts";
import { appUrl } from "./env.server.ts";

/**
 * Database-backed sessions. The cookie holds only a random token; the row stores its sha256,
 * so a leaked database does not leak usable sessions. Rotated at login (a new row each time),
 * revocable one by one or all at once ("sign out everywhere").
 */
export const SESSION_COOKIE = "gbc_session";
const SESSION_DAYS = 30;

export interface Grant {
  role: Role;
  contestId: string | null;
  categoryId: string | null;
  roundId: string | null;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  emailVerified: boolean;
  /** Enrolled in two-factor sign-in (then every session of theirs passed the code step). */
  twoFactorEnabled: boolean;
  sessionId: string;
  grants: Grant[];
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function cookieHeader(value: string, maxAgeSeconds: number): string {
  const secure = appUrl().startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function readToken(request: Request): string | null {
  const cookie = request.headers.get("Cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,})`).exec(cookie);
  return m?.[1] ?? null;
}

export function clientIp(request: Request): string {
  return (
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
    request.headers.get("x-real-ip") ??
    ""
  );
}

/** Starts a fresh session for `userId`; returns the Set-Cookie header value. */
export async function createSession(db: Db, userId: string, request: Request): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now().getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      expiresAt,
      userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 300),
      ip: clientIp(request),
    },
  });
  return cookieHeader(token, SESSION_DAYS * 86_400);
}

/** Ends the request's session; returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = readToken(request);
  if (token) await (await getDb()).session.deleteMany({ where: { tokenHash: hashToken(token) } });
  return cookieHeader("", 0);
}

/** Signs a user out everywhere (after a password change or on request). */
export async function destroyAllSessions(db: Db, userId: string, exceptSessionId?: string) {
  await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
}

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user of a request, or null. Looked up once per request. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = lookup(request);
    cache.set(request, pending);
  }
  return pending;
}

async function lookup(request: Request): Promise<SessionUser | null> {
  const token = readToken(request);
  if (!token) return null;
  const db = await getDb();
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      user: {
        include: {
          roleGrants: { select: { role: true, contestId: true, categoryId: true, roundId: true } },
        },
      },
    },
  });
  const t = now();
  if (!session || session.expiresAt <= t || session.user.disabledAt) return null;
  // Touch at most every 10 minutes: keeps "last seen" useful without a write per request.
  if (t.getTime() - session.lastSeenAt.getTime() > 600_000) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: t } });
  }
  const u = session.user;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale,
    emailVerified: u.emailVerifiedAt !== null,
    twoFactorEnabled: u.totpEnabledAt !== null,
    sessionId: session.id,
    grants: u.roleGrants,
  };
}

/** Only same-site paths, so `redirectTo` can never send a user to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** For pages only strangers need (login, register): signed-in users go to their account. */
export async function requireAnonymous(request: Request): Promise<void> {
  if (await getSessionUser(request)) throw redirect("/account");
}

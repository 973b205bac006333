import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { Prisma, type Role } from "#app/generated/prisma/client.ts";
import { now } from "./clock.server.ts";
import { getDb, type Db } from "./db.server.ts";
import { appUrl } from "./env.server.ts";
import { forgetPerRequest, perRequest, perRequestOpen, perRequestValue } from "./request-scope.server.ts";

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
  /** Its contest's `requireTwoFactor`, read with the grant (false without a contest). */
  contestRequiresTwoFactor: boolean;
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

/** The session token the request's cookie carries (not yet checked), or null. */
export function sessionToken(request: Request): string | null {
  return readToken(request);
}

const TOKEN_IN_COOKIE = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,})`);

function readToken(request: Request): string | null {
  return TOKEN_IN_COOKIE.exec(request.headers.get("Cookie") ?? "")?.[1] ?? null;
}

export function clientIp(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? request.headers.get("x-real-ip") ?? "";
}

/** Starts a fresh session for `userId`; returns the Set-Cookie header value. */
export async function createSession(db: Db, userId: string, request: Request): Promise<string> {
  forgetPerRequest("session:");
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
  forgetPerRequest("session:");
  const token = readToken(request);
  if (token) await (await getDb()).session.deleteMany({ where: { tokenHash: hashToken(token) } });
  return cookieHeader("", 0);
}

/** Signs a user out everywhere (after a password change or on request). */
export async function destroyAllSessions(db: Db, userId: string, exceptSessionId?: string) {
  forgetPerRequest("session:");
  await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
}

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user of a request, or null. Looked up once per HTTP request (all of a page's
 * loaders share it; see request-scope.server.ts), else once per Request object.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = readToken(request);
  if (!token) return Promise.resolve(null);
  let pending = cache.get(request);
  if (!pending) {
    pending = perRequest(`session:${token}`, () => lookup(token));
    cache.set(request, pending);
  }
  return pending;
}

/** Another per-request read that can ride along with the session lookup (one SQL expression). */
export interface AlongRead<T> {
  /** Its perRequest key: whoever asks for it later in the request gets this statement's result. */
  key: string;
  /** One scalar SQL expression (e.g. a `SELECT json_agg(...)`), no parameters. */
  sql: string;
  fromColumn(value: unknown): T;
}

/**
 * A read of another loader of the same page that joins the session statement of
 * `getSessionUserAlong` (see `rideWithSession`): its columns and joins, built when the
 * statement goes out, and what it makes of the row.
 */
export interface SessionRider<T> {
  /**
   * `validUserId` is the SQL expression of the signed-in user's id: NULL unless the request's
   * session is valid by `sessionUserOf`'s rules (not expired by the app's clock, account not
   * disabled), so a rider can read what only that user may see and nothing for anyone else.
   */
  sql(validUserId: Prisma.Sql): { columns: Prisma.Sql; from: Prisma.Sql };
  fromRow(row: Record<string, unknown>): T;
}

/** This request's session statement while other loaders may still join it. */
interface SessionBatch {
  sent: boolean;
  rider?: {
    sql: SessionRider<unknown>["sql"];
    resolve(row: Record<string, unknown>): void;
    reject(err: unknown): void;
  };
}
const BATCH_KEY = "sessionStatement";

/**
 * `getSessionUser`, reading `along` in the same statement: the root loader's header data and the
 * session are both needed by every signed-in page, one round trip instead of two. Only when
 * neither is under way in this request (else each is read as usual); call it before the first
 * `await`, since the route loaders start as soon as the root loader waits. The statement goes out
 * a microtask later, after every loader of the page has started: one of them may add its own read
 * (`rideWithSession`).
 */
export function getSessionUserAlong<T>(request: Request, along: AlongRead<T>): Promise<SessionUser | null> {
  const token = readToken(request);
  const key = `session:${token}`;
  if (!token || !perRequestOpen(key) || !perRequestOpen(along.key)) return getSessionUser(request);
  const batch = perRequestValue<SessionBatch>(BATCH_KEY, () => ({ sent: false }))!;
  const both = getDb().then(async (db) => {
    batch.sent = true;
    const hash = hashToken(token);
    if (!batch.rider) {
      const [row] = await db.$queryRawUnsafe<(Partial<SessionRow> & { along: unknown })[]>(
        `SELECT x.*, (${along.sql}) AS along FROM (SELECT 1) one LEFT JOIN (${sessionRowSql("$1")}) x ON true`,
        hash,
      );
      return { db, session: row!.sessionId ? (row as SessionRow) : undefined, along: row!.along };
    }
    const rider = batch.rider;
    try {
      // The rider's columns are its own (a contest row has an `id`, a `name`…): the session row
      // comes as one JSON column, revived as adoptSessionRow does.
      const { columns, from } = rider.sql(validUserIdSql(hash));
      const [row] = await db.$queryRaw<Record<string, unknown>[]>`
        SELECT ${columns}, (SELECT row_to_json(x) FROM (${sessionRowFragment(hash)}) x) AS "sessionRow",
               (${Prisma.raw(along.sql)}) AS along
        FROM (SELECT 1) one ${from}`;
      rider.resolve(row!);
      const json = row!.sessionRow;
      const session = (typeof json === "string" ? JSON.parse(json) : json) as SessionJson | null;
      return { db, session: sessionFromJson(session), along: row!.along };
    } catch (err) {
      rider.reject(err);
      throw err;
    }
  });
  // A rider must not wait forever on a statement that never went out (no database).
  both.catch((err: unknown) => batch.rider?.reject(err));
  void perRequest(along.key, () => both.then((r) => along.fromColumn(r.along)));
  const pending = perRequest(key, () => both.then(({ db, session }) => sessionUserOf(db, session)));
  cache.set(request, pending);
  return pending;
}

/**
 * Has `rider` read in this request's session statement if that has not gone out yet (another
 * loader of the page started it with `getSessionUserAlong` in the same turn): one round trip
 * for both. Null otherwise (no scope, no session statement, already sent, or another rider
 * took the place): the caller then reads on its own.
 */
export function rideWithSession<T>(rider: SessionRider<T>): Promise<T> | null {
  const batch = perRequestValue<SessionBatch>(BATCH_KEY);
  if (!batch || batch.sent || batch.rider) return null;
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    batch.rider = { sql: rider.sql, resolve, reject };
  }).then((r) => rider.fromRow(r));
}

/** The user id of the valid session whose token hash is `hash`: sessionUserOf's rules, in SQL. */
function validUserIdSql(hash: string): Prisma.Sql {
  return Prisma.sql`(SELECT s."userId" FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${hash} AND s."expiresAt" > ${now()} AND u."disabledAt" IS NULL)`;
}

/** `sessionRowSql` as a Prisma.Sql fragment with `hash` bound. */
function sessionRowFragment(hash: string): Prisma.Sql {
  const HOLE = "\u0000";
  return new Prisma.Sql(sessionRowSql(HOLE).split(HOLE), [hash]);
}

/**
 * The session row (with its user and grants) whose token hash is the statement's parameter
 * `hashParam` (e.g. "$1"): the one definition of what a session lookup reads, used alone by
 * `lookup` and inside the deadline rush's entry read (one statement for both, see
 * loadEntryToSubmitAs). Validity is decided from it by `sessionUserOf` only.
 */
export function sessionRowSql(hashParam: string): string {
  return `
    SELECT s.id AS "sessionId", s."expiresAt", s."lastSeenAt", u.id AS "userId", u.email, u.name,
           u.locale, u."emailVerifiedAt", u."disabledAt", u."totpEnabledAt",
           COALESCE((SELECT json_agg(json_build_object('role', g.role, 'contestId', g."contestId",
                                                       'categoryId', g."categoryId", 'roundId', g."roundId",
                                                       'contestRequiresTwoFactor', COALESCE(gc."requireTwoFactor", false)))
                     FROM "RoleGrant" g LEFT JOIN "Contest" gc ON gc.id = g."contestId"
                     WHERE g."userId" = u.id), '[]'::json) AS grants
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${hashParam}`;
}

export interface SessionRow {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  locale: string;
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
  grants: Grant[];
}

async function lookup(token: string): Promise<SessionUser | null> {
  const db = await getDb();
  // One round trip instead of three (session, user, grants): this runs on every signed-in page.
  const [session] = await db.$queryRawUnsafe<SessionRow[]>(sessionRowSql("$1"), hashToken(token));
  return sessionUserOf(db, session);
}

/** A session row as `sessionRowSql` selects it, read as JSON (dates as strings). */
export type SessionJson = Omit<
  SessionRow,
  "expiresAt" | "lastSeenAt" | "emailVerifiedAt" | "disabledAt" | "totpEnabledAt"
> & {
  [K in "expiresAt" | "lastSeenAt" | "emailVerifiedAt" | "disabledAt" | "totpEnabledAt"]: string | Date | null;
};

function sessionFromJson(row: SessionJson | null): SessionRow | undefined {
  const date = (v: string | Date | null) => (v == null ? null : new Date(v));
  return row
    ? {
        ...row,
        expiresAt: date(row.expiresAt)!,
        lastSeenAt: date(row.lastSeenAt)!,
        emailVerifiedAt: date(row.emailVerifiedAt),
        disabledAt: date(row.disabledAt),
        totpEnabledAt: date(row.totpEnabledAt),
      }
    : undefined;
}

/**
 * The request's session as read by another statement (`sessionRowSql` inside it, its row as
 * JSON): decided by the same rules as `getSessionUser`, and remembered for the request, so a
 * later `requireUser(request)` neither queries again nor can answer differently.
 */
export function adoptSessionRow(db: Db, request: Request, row: SessionJson | null): Promise<SessionUser | null> {
  const pending = sessionUserOf(db, sessionFromJson(row));
  cache.set(request, pending);
  return pending;
}

/** The one decision whether a session row is a signed-in user (expiry, disabled account). */
async function sessionUserOf(db: Db, session: SessionRow | undefined): Promise<SessionUser | null> {
  const t = now();
  if (!session || session.expiresAt <= t || session.disabledAt) return null;
  // Touch at most every 10 minutes: keeps "last seen" useful without a write per request.
  if (t.getTime() - session.lastSeenAt.getTime() > 600_000) {
    await db.session.update({ where: { id: session.sessionId }, data: { lastSeenAt: t } });
  }
  return {
    id: session.userId,
    email: session.email,
    name: session.name,
    locale: session.locale,
    emailVerified: session.emailVerifiedAt !== null,
    twoFactorEnabled: session.totpEnabledAt !== null,
    sessionId: session.sessionId,
    grants: session.grants,
  };
}

/** Only same-site paths, so `redirectTo` can never send a user to another site (see the domain rule). */
export { safeRedirect } from "#app/domain/safe-redirect.ts";

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

/** How many sessions (browsers signed in) a user has. */
export function countSessions(db: Db, userId: string): Promise<number> {
  return db.session.count({ where: { userId } });
}

import { randomBytes } from "node:crypto";
import { clearRateLimit, hitRateLimit, peekRateLimit, recordFailure } from "./rate-limit.server.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import type { Db } from "./db.server.ts";
import { now } from "./clock.server.ts";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "unverified" | "rate_limited"; retryAfterSeconds?: number };

/**
 * Only failures count, and they are keyed so a stranger cannot lock someone out:
 * - per account AND address: 5 free tries, then a doubling wait (30 s, 1 min, 2 min … 15 min)
 *   before each further try; forgotten after 24 h without a failure, cleared by a success.
 *   Someone guessing from another address has their own counter and never blocks the owner.
 * - per address: 30 failures per 15 min, whatever the account (offices share one address,
 *   but their successful logins never count).
 */
export const LOGIN_FREE_FAILURES = 5;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_CAP_SECONDS = 15 * 60;
const ACCOUNT_FORGET_SECONDS = 24 * 3600;
const IP_FAILURES = 30;
const IP_WINDOW_SECONDS = 15 * 60;

/** The wait after the n-th failure of one account from one address. */
export function loginBackoffSeconds(failures: number): number {
  if (failures < LOGIN_FREE_FAILURES) return 0;
  return Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (failures - LOGIN_FREE_FAILURES));
}

// Unknown e-mails are checked against this hash, so a login costs one argon2 verification
// whether or not the account exists (the time would otherwise tell which e-mails are registered).
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(18).toString("base64url"));
  return dummyHash;
}

/** Checks a password with the limits above; the account's counter resets on success. */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const ip = input.ip || "unknown";
  const accountKey = `login:fail:${input.email}|${ip}`;
  const ipKey = `login:ip:${ip}`;
  const [byAccount, byIp, user, fallbackHash] = await Promise.all([
    peekRateLimit(db, accountKey),
    peekRateLimit(db, ipKey),
    db.user.findUnique({
      where: { email: input.email },
      select: { id: true, passwordHash: true, disabledAt: true, emailVerifiedAt: true },
    }),
    dummy(),
  ]);
  const t = now().getTime();
  let retryAfter = 0;
  if (byAccount) {
    const lastFailure = byAccount.resetAt.getTime() - ACCOUNT_FORGET_SECONDS * 1000;
    retryAfter = Math.max(retryAfter, lastFailure + loginBackoffSeconds(byAccount.count) * 1000 - t);
  }
  if (byIp && byIp.count >= IP_FAILURES) retryAfter = Math.max(retryAfter, byIp.resetAt.getTime() - t);
  if (retryAfter > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.ceil(retryAfter / 1000) };

  const usable = user?.passwordHash && !user.disabledAt ? user.passwordHash : null;
  const passwordOk = await verifyPassword(usable ?? fallbackHash, input.password);
  if (!usable || !passwordOk) {
    await Promise.all([
      recordFailure(db, accountKey, ACCOUNT_FORGET_SECONDS),
      hitRateLimit(db, ipKey, IP_FAILURES, IP_WINDOW_SECONDS),
    ]);
    return { ok: false, reason: "invalid" };
  }
  if (!user!.emailVerifiedAt) return { ok: false, reason: "unverified" };
  await clearRateLimit(db, accountKey);
  return { ok: true, userId: user!.id };
}

/** The account a correct password signed into: whether a second factor comes next. */
export function loginAccount(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, totpEnabledAt: true } });
}

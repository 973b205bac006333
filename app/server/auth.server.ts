import { clearRateLimit, hitRateLimit } from "./rate-limit.server.ts";
import { verifyPassword } from "./password.server.ts";
import type { Db } from "./db.server.ts";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "unverified" | "rate_limited"; retryAfterSeconds?: number };

// Per account: 5 tries / 15 min. Per IP: 30 tries / 15 min (offices share one address).
const ACCOUNT_LIMIT = 5;
const IP_LIMIT = 30;
const WINDOW_SECONDS = 15 * 60;

/** Checks a password with rate limits per account and per IP; counters reset on success. */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const accountKey = `login:account:${input.email}`;
  const ipKey = `login:ip:${input.ip || "unknown"}`;
  const [byAccount, byIp] = await Promise.all([
    hitRateLimit(db, accountKey, ACCOUNT_LIMIT, WINDOW_SECONDS),
    hitRateLimit(db, ipKey, IP_LIMIT, WINDOW_SECONDS),
  ]);
  if (!byAccount.allowed || !byIp.allowed) {
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(byAccount.retryAfterSeconds, byIp.retryAfterSeconds),
    };
  }
  const user = await db.user.findUnique({ where: { email: input.email } });
  // Verify against a hash even for unknown accounts? Not needed for correctness; the rate
  // limit bounds enumeration, and the message never says which part was wrong.
  if (!user?.passwordHash || user.disabledAt || !(await verifyPassword(user.passwordHash, input.password))) {
    return { ok: false, reason: "invalid" };
  }
  if (!user.emailVerifiedAt) return { ok: false, reason: "unverified" };
  await clearRateLimit(db, accountKey);
  return { ok: true, userId: user.id };
}

import { createHash, randomBytes, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import { audit } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { DomainError } from "./errors.server.ts";
import { hitRateLimit, clearRateLimit } from "./rate-limit.server.ts";
import { destroyAllSessions, hashToken, type SessionUser } from "./session.server.ts";

/**
 * Two-factor sign-in with TOTP (RFC 6238, otplib): enrolment shows a QR code, confirms one code
 * and hands out single-use recovery codes (only their sha256 is kept). Required for admins and,
 * when the contest's `requireTwoFactor` is on, for its organizers and judges; optional for
 * everyone else. Each code is accepted once (the last time step is stored) and the code step of
 * sign-in is rate-limited per account.
 */
export const ISSUER = "Giải Báo chí";
export const RECOVERY_CODE_COUNT = 10;
const CHALLENGE_MINUTES = 10;
// 5 wrong codes per 15 minutes per account: 10^6 codes make guessing hopeless at that pace.
const CODE_LIMIT = 5;
const CODE_WINDOW_SECONDS = 15 * 60;
export const TWO_FACTOR_COOKIE = "gbc_2fa";

const epochNow = () => Math.floor(now().getTime() / 1000);

/** Recovery codes: 10 characters from an alphabet without look-alikes, shown as xxxxx-xxxxx. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
function newRecoveryCode(): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
const normalizeRecovery = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, "");
const hashRecovery = (code: string) => createHash("sha256").update(normalizeRecovery(code)).digest("hex");

/**
 * Is a second factor required of this user (admin, or organizer/judge of such a contest; only
 * `contestId`'s grants when given)? Answered from the grants, which carry their contest's
 * setting (read with the session, session.server.ts): no query on every organizer and judge page.
 */
export function twoFactorRequired(user: Pick<SessionUser, "grants">, contestId?: string): boolean {
  return user.grants.some(
    (g) =>
      g.role === "ADMIN" ||
      ((g.role === "ORGANIZER" || g.role === "JUDGE") &&
        g.contestRequiresTwoFactor &&
        g.contestId !== null &&
        (!contestId || g.contestId === contestId)),
  );
}

/**
 * `twoFactorRequired(user, contest.id)` for a contest already read: its own
 * `requireTwoFactor` setting decides (the row may be newer than the session's grants).
 */
export function twoFactorRequiredIn(
  user: Pick<SessionUser, "grants">,
  contest: { id: string; requireTwoFactor: boolean },
): boolean {
  if (user.grants.some((g) => g.role === "ADMIN")) return true;
  return (
    contest.requireTwoFactor &&
    user.grants.some((g) => (g.role === "ORGANIZER" || g.role === "JUDGE") && g.contestId === contest.id)
  );
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  const left = await db.recoveryCode.count({ where: { userId, usedAt: null } });
  return { enabled: u.totpEnabledAt !== null, recoveryCodesLeft: left };
}

/** The pending secret of an enrolment (made once, kept until confirmed) and its QR code. */
export async function startEnrolment(db: Db, userId: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (u.totpEnabledAt) throw new Error("already enrolled");
  let secret = u.totpSecret;
  if (!secret) {
    secret = generateSecret();
    // Conditional: two tabs opening the page keep one secret.
    await db.user.updateMany({ where: { id: userId, totpSecret: null }, data: { totpSecret: secret } });
    secret = (await db.user.findUniqueOrThrow({ where: { id: userId } })).totpSecret!;
  }
  const uri = generateURI({ issuer: ISSUER, label: u.email, secret });
  // Loaded here: only the enrolment page draws a QR code.
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrSvg };
}

/** Checks a 6-digit code against a secret; on success stores its time step so it is used once. */
async function checkCode(
  db: Db,
  user: { id: string; totpSecret: string | null; totpLastStep: number | null },
  code: string,
): Promise<boolean> {
  const token = code.replace(/\s/g, "");
  if (!user.totpSecret || !/^\d{6}$/.test(token)) return false;
  const epoch = epochNow();
  const result = await verify({
    secret: user.totpSecret,
    token,
    epoch,
    // One step either way for clocks a little off.
    epochTolerance: 30,
    ...(user.totpLastStep !== null ? { afterTimeStep: user.totpLastStep } : {}),
  }).catch(() => ({ valid: false as const }));
  if (!result.valid) return false;
  const step = Math.floor(epoch / 30) + result.delta;
  // Conditional on the step we read: two requests with the same code cannot both pass.
  const moved = await db.user.updateMany({
    where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return moved.count === 1;
}

async function issueRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecovery(c) })) }),
  ]);
  return codes;
}

export type CodeResult = { ok: true } | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

async function limited(db: Db, userId: string): Promise<CodeResult | null> {
  const hit = await hitRateLimit(db, `2fa:user:${userId}`, CODE_LIMIT, CODE_WINDOW_SECONDS);
  return hit.allowed ? null : { ok: false, reason: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
}

/** Confirms an enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmEnrolment(
  db: Db,
  userId: string,
  code: string,
): Promise<(CodeResult & { ok: false }) | { ok: true; recoveryCodes: string[] }> {
  const refused = await limited(db, userId);
  if (refused && !refused.ok) return refused;
  const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (u.totpEnabledAt || !(await checkCode(db, u, code))) return { ok: false, reason: "invalid" };
  await db.user.update({ where: { id: userId }, data: { totpEnabledAt: now() } });
  const recoveryCodes = await issueRecoveryCodes(db, userId);
  await clearRateLimit(db, `2fa:user:${userId}`);
  await audit(db, { actorId: userId, action: "user.two_factor.enable", targetType: "User", targetId: userId });
  return { ok: true, recoveryCodes };
}

/** New recovery codes (old ones stop working), after a current code. */
export async function regenerateRecoveryCodes(
  db: Db,
  userId: string,
  code: string,
): Promise<(CodeResult & { ok: false }) | { ok: true; recoveryCodes: string[] }> {
  const refused = await limited(db, userId);
  if (refused && !refused.ok) return refused;
  const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!u.totpEnabledAt || !(await checkCode(db, u, code))) return { ok: false, reason: "invalid" };
  const recoveryCodes = await issueRecoveryCodes(db, userId);
  await audit(db, { actorId: userId, action: "user.two_factor.recovery_codes", targetType: "User", targetId: userId });
  return { ok: true, recoveryCodes };
}

/** Turns two-factor sign-in off, after a current code; refused while it is required. */
export async function disableTwoFactor(
  db: Db,
  user: SessionUser,
  code: string,
): Promise<CodeResult | { ok: false; reason: "required" }> {
  if (twoFactorRequired(user)) return { ok: false, reason: "required" };
  const refused = await limited(db, user.id);
  if (refused) return refused;
  const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!u.totpEnabledAt || !(await checkCode(db, u, code))) return { ok: false, reason: "invalid" };
  await clearTwoFactor(db, user.id);
  await audit(db, { actorId: user.id, action: "user.two_factor.disable", targetType: "User", targetId: user.id });
  return { ok: true };
}

async function clearTwoFactor(db: Db, userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } }),
    db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
}

/**
 * An admin resets someone's second factor (lost phone and codes): the person enrols again at
 * the next sign-in, every session of theirs ends, and the reset is audited.
 */
export async function resetTwoFactor(
  db: Db,
  input: { adminId: string; email: string; requestId?: string },
): Promise<void> {
  const target = await db.user.findUnique({ where: { email: input.email.toLowerCase() } });
  if (!target) throw new DomainError("two_factor_no_account", { email: input.email });
  await clearTwoFactor(db, target.id);
  await destroyAllSessions(db, target.id);
  await clearRateLimit(db, `2fa:user:${target.id}`);
  await audit(db, {
    actorId: input.adminId,
    action: "user.two_factor.reset",
    targetType: "User",
    targetId: target.id,
    before: { enabled: target.totpEnabledAt !== null },
    requestId: input.requestId,
  });
}

/** After the password: a short-lived challenge whose token goes in a cookie scoped to /login. */
export async function createLoginChallenge(db: Db, user: { id: string; email: string }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.verification.create({
    data: {
      userId: user.id,
      email: user.email,
      purpose: "TWO_FACTOR_LOGIN",
      tokenHash: hashToken(token),
      expiresAt: new Date(now().getTime() + CHALLENGE_MINUTES * 60_000),
    },
  });
  return token;
}

export function challengeCookie(token: string, secure: boolean): string {
  return `${TWO_FACTOR_COOKIE}=${token}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=${token ? CHALLENGE_MINUTES * 60 : 0}${secure ? "; Secure" : ""}`;
}

export function readChallengeToken(request: Request): string | null {
  const cookie = request.headers.get("Cookie") ?? "";
  return new RegExp(`(?:^|;\\s*)${TWO_FACTOR_COOKIE}=([A-Za-z0-9_-]{20,})`).exec(cookie)?.[1] ?? null;
}

/** The user waiting at the code step, or null when the challenge is missing, used or expired. */
export async function pendingChallenge(db: Db, token: string | null): Promise<{ id: string; userId: string } | null> {
  if (!token) return null;
  const row = await db.verification.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== "TWO_FACTOR_LOGIN" || row.usedAt || row.expiresAt <= now() || !row.userId) return null;
  return { id: row.id, userId: row.userId };
}

/**
 * The code step of sign-in: a 6-digit code or a recovery code. Rate-limited per account; the
 * challenge is consumed on success (so it cannot be replayed).
 */
export async function completeLoginChallenge(
  db: Db,
  token: string | null,
  code: string,
): Promise<
  | (CodeResult & { ok: false })
  | { ok: false; reason: "expired" }
  | { ok: true; userId: string; usedRecoveryCode: boolean }
> {
  const challenge = await pendingChallenge(db, token);
  if (!challenge) return { ok: false, reason: "expired" };
  const refused = await limited(db, challenge.userId);
  if (refused && !refused.ok) return refused;
  const user = await db.user.findUniqueOrThrow({ where: { id: challenge.userId } });
  if (user.disabledAt || !user.totpEnabledAt) return { ok: false, reason: "expired" };
  let usedRecoveryCode = false;
  if (!(await checkCode(db, user, code))) {
    const normalized = normalizeRecovery(code);
    if (normalized.length !== 10) return { ok: false, reason: "invalid" };
    const used = await db.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecovery(code), usedAt: null },
      data: { usedAt: now() },
    });
    if (used.count !== 1) return { ok: false, reason: "invalid" };
    usedRecoveryCode = true;
  }
  const consumed = await db.verification.updateMany({
    where: { id: challenge.id, usedAt: null },
    data: { usedAt: now() },
  });
  if (consumed.count !== 1) return { ok: false, reason: "expired" };
  await clearRateLimit(db, `2fa:user:${user.id}`);
  if (usedRecoveryCode) {
    await audit(db, {
      actorId: user.id,
      action: "user.two_factor.recovery_code_used",
      targetType: "User",
      targetId: user.id,
    });
  }
  return { ok: true, userId: user.id, usedRecoveryCode };
}

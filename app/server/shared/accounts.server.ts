import { randomBytes } from "node:crypto";
import { userSearchText } from "#app/domain/search.ts";
import type { VerificationPurpose } from "#app/generated/prisma/client.ts";
import { CONSENT_TEXT_VERSION } from "#app/domain/account-schemas.ts";
import { verifyEmailMail } from "#emails/journalist/verify-email.ts";
import { resetPasswordMail } from "#emails/journalist/reset-password.ts";
import type { MailLocale } from "#emails/layout.ts";
import { audit, type DbTx } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { appUrl } from "./env.server.ts";
import { enqueueMail } from "./mail.server.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import { hitRateLimit } from "./rate-limit.server.ts";
import { destroyAllSessions, hashToken } from "./session.server.ts";

/**
 * Accounts: registration with recorded consent, e-mail verification, password reset and
 * change. Tokens are random, mailed once, and stored only as their sha256.
 */
const VERIFY_HOURS = 48;
const RESET_HOURS = 1;

async function issueToken(
  tx: DbTx,
  input: { userId: string; email: string; purpose: VerificationPurpose; hours: number },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // One live token per purpose: a new mail makes older links useless.
  await tx.verification.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: now() },
  });
  await tx.verification.create({
    data: {
      userId: input.userId,
      email: input.email,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now().getTime() + input.hours * 3_600_000),
    },
  });
  return token;
}

export interface RegisterInput {
  name: string;
  email: string;
  phone: string;
  password: string;
  ip: string;
  locale: MailLocale;
}

export type RegisterResult = { ok: true } | { ok: false; reason: "rate_limited" };

/**
 * Creates an unverified account, its consent record and a verification mail in one
 * transaction. For an address that already has an account the answer is the same (so the
 * form cannot be used to learn who is registered); its owner gets a password-reset mail.
 */
export async function registerUser(db: Db, input: RegisterInput): Promise<RegisterResult> {
  const limit = await hitRateLimit(db, `register:ip:${input.ip || "unknown"}`, 20, 3600);
  if (!limit.allowed) return { ok: false, reason: "rate_limited" };
  // Hash first on every path, so the answer for a taken address takes as long as for a new one.
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) {
    // The owner's mailbox gets at most 3 of these an hour (shared with "forgot password"),
    // and nothing when the account is disabled: the form must not be a way to flood someone.
    const byEmail = await hitRateLimit(db, `reset:email:${input.email}`, 3, 3600);
    if (byEmail.allowed && !existing.disabledAt) {
      if (existing.emailVerifiedAt) await sendPasswordReset(db, existing.id, existing.email, input.locale, true);
      else await sendVerification(db, existing.id, existing.email, input.locale);
    }
    return { ok: true };
  }
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        searchText: userSearchText({ name: input.name, email: input.email }),
        phone: input.phone,
        passwordHash,
        locale: input.locale,
        profile: { create: {} },
        consents: { create: { textVersion: CONSENT_TEXT_VERSION, acceptedAt: now(), ip: input.ip } },
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "user.register",
      targetType: "User",
      targetId: user.id,
      after: { consent: CONSENT_TEXT_VERSION },
    });
    const token = await issueToken(tx, {
      userId: user.id,
      email: user.email,
      purpose: "VERIFY_EMAIL",
      hours: VERIFY_HOURS,
    });
    await enqueueMail(tx, {
      to: user.email,
      template: "journalist/verify-email",
      locale: input.locale,
      message: verifyEmailMail({
        locale: input.locale,
        name: user.name,
        url: `${appUrl()}/verify-email?token=${token}`,
        hours: VERIFY_HOURS,
      }),
    });
  });
  return { ok: true };
}

/**
 * "Gửi lại" on the page shown after registering: a new confirmation link for an address still
 * waiting for one. The answer is the same whether or not such an account exists, and each
 * address gets at most 3 an hour (each IP 10), so the button cannot be used to flood a mailbox.
 */
export async function resendVerification(
  db: Db,
  input: { email: string; ip: string; locale: MailLocale },
): Promise<RegisterResult> {
  const byIp = await hitRateLimit(db, `verify-resend:ip:${input.ip || "unknown"}`, 10, 3600);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited" };
  const byEmail = await hitRateLimit(db, `verify-resend:email:${input.email}`, 3, 3600);
  if (!byEmail.allowed) return { ok: false, reason: "rate_limited" };
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (user && !user.emailVerifiedAt && !user.disabledAt) await sendVerification(db, user.id, user.email, input.locale);
  return { ok: true };
}

async function sendVerification(db: Db, userId: string, email: string, locale: MailLocale) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, { userId, email, purpose: "VERIFY_EMAIL", hours: VERIFY_HOURS });
    await enqueueMail(tx, {
      to: email,
      template: "journalist/verify-email",
      locale,
      message: verifyEmailMail({
        locale,
        name: user.name,
        url: `${appUrl()}/verify-email?token=${token}`,
        hours: VERIFY_HOURS,
      }),
    });
  });
}

async function sendPasswordReset(db: Db, userId: string, email: string, locale: MailLocale, alreadyRegistered = false) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, { userId, email, purpose: "RESET_PASSWORD", hours: RESET_HOURS });
    await enqueueMail(tx, {
      to: email,
      template: "journalist/reset-password",
      locale,
      message: resetPasswordMail({
        locale,
        name: user.name,
        url: `${appUrl()}/reset-password?token=${token}`,
        hours: RESET_HOURS,
        alreadyRegistered,
      }),
    });
  });
}

/** Consumes a token if it is live; returns its user id, or null. */
async function consumeToken(tx: DbTx, token: string, purpose: VerificationPurpose): Promise<string | null> {
  const t = now();
  const row = await tx.verification.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= t || !row.userId) return null;
  // Conditional: two clicks on the same link consume it once.
  const used = await tx.verification.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: t } });
  return used.count === 1 ? row.userId : null;
}

export async function verifyEmail(db: Db, token: string): Promise<{ ok: boolean }> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "VERIFY_EMAIL");
    if (!userId) return { ok: false };
    await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: now() } });
    await audit(tx, { actorId: userId, action: "user.verify_email", targetType: "User", targetId: userId });
    return { ok: true };
  });
}

/** Always answers the same, whether or not the address has an account. */
export async function requestPasswordReset(
  db: Db,
  input: { email: string; ip: string; locale: MailLocale },
): Promise<{ ok: boolean }> {
  const [byIp, byEmail] = await Promise.all([
    hitRateLimit(db, `reset:ip:${input.ip || "unknown"}`, 20, 3600),
    hitRateLimit(db, `reset:email:${input.email}`, 3, 3600),
  ]);
  if (!byIp.allowed) return { ok: false };
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (user && !user.disabledAt && byEmail.allowed) await sendPasswordReset(db, user.id, user.email, input.locale);
  return { ok: true };
}

/** Sets a new password from a reset link and signs the account out everywhere. */
export async function resetPassword(db: Db, input: { token: string; password: string }): Promise<{ ok: boolean }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, input.token, "RESET_PASSWORD");
    if (!userId) return { ok: false };
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    // Receiving the link proves the mailbox is theirs.
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now() },
    });
    await tx.session.deleteMany({ where: { userId } });
    await audit(tx, { actorId: userId, action: "user.reset_password", targetType: "User", targetId: userId });
    return { ok: true };
  });
}

/** Checks the current password, sets the new one and ends every other session. */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; current: string; password: string },
): Promise<{ ok: true } | { ok: false; reason: "wrong_password" | "rate_limited" }> {
  // A stolen session must not be a way to guess the password (and then lock the owner out).
  const limit = await hitRateLimit(db, `pwchange:user:${input.userId}`, 5, 900);
  if (!limit.allowed) return { ok: false, reason: "rate_limited" };
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
    return { ok: false, reason: "wrong_password" };
  }
  const passwordHash = await hashPassword(input.password);
  await db.user.update({ where: { id: user.id }, data: { passwordHash } });
  await destroyAllSessions(db, user.id, input.sessionId);
  await audit(db, { actorId: user.id, action: "user.change_password", targetType: "User", targetId: user.id });
  return { ok: true };
}

export async function updateProfile(
  db: Db,
  userId: string,
  input: { name: string; phone: string; penNames: string[]; agency: string; address: string },
): Promise<void> {
  const { email } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  await db.user.update({
    where: { id: userId },
    data: {
      name: input.name,
      searchText: userSearchText({ name: input.name, email }),
      phone: input.phone,
      profile: {
        upsert: {
          create: { penNames: input.penNames, agency: input.agency, address: input.address },
          update: { penNames: input.penNames, agency: input.agency, address: input.address },
        },
      },
    },
  });
}

export async function getProfile(db: Db, userId: string) {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { profile: true } });
  return {
    name: u.name,
    email: u.email,
    phone: u.phone,
    penNames: u.profile?.penNames ?? [],
    agency: u.profile?.agency ?? "",
    address: u.profile?.address ?? "",
    /** The language of the mails this person gets; the header's language switch sets it. */
    mailLocale: u.locale === "en" ? ("en" as const) : ("vi" as const),
  };
}

const ADMIN_LINK_HOURS = 24;

/**
 * The first (or another) administrator, from the command line: the account is created without
 * a password (or an existing one is promoted), and a one-time link lets its owner set one.
 * The link is returned, never mailed: whoever runs the command hands it over.
 */
export async function createAdmin(
  db: Db,
  input: { email: string; name?: string },
): Promise<{ created: boolean; url: string; hours: number }> {
  const email = input.email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email } });
    const created = !user;
    // The e-mail is trusted (an operator typed it); the link proves the mailbox anyway.
    user ??= await tx.user.create({
      data: {
        email,
        name: input.name?.trim() || email.split("@")[0]!,
        searchText: userSearchText({ name: input.name?.trim() || email.split("@")[0]!, email }),
        profile: { create: {} },
      },
    });
    const hasAdmin = await tx.roleGrant.findFirst({ where: { userId: user.id, role: "ADMIN" }, select: { id: true } });
    if (!hasAdmin) await tx.roleGrant.create({ data: { userId: user.id, role: "ADMIN" } });
    const token = await issueToken(tx, { userId: user.id, email, purpose: "RESET_PASSWORD", hours: ADMIN_LINK_HOURS });
    await audit(tx, {
      actorId: null,
      action: "user.create_admin",
      targetType: "User",
      targetId: user.id,
      after: { email, created },
    });
    return { created, url: `${appUrl()}/reset-password?token=${token}`, hours: ADMIN_LINK_HOURS };
  });
}

/** Keeps a user's language choice on the account: the language of the mails we send them. */
export async function setUserLocale(db: Db, userId: string, locale: MailLocale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}

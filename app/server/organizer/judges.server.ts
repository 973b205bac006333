/**
 * The judging council of a contest: invitations (a JUDGE_INVITE token mailed to the judge, who
 * sets a password with it), the categories and rounds each judge may judge, and removal.
 */
import { randomBytes } from "node:crypto";
import { calendarDateIn, formatIsoDate } from "#app/domain/dates.ts";
import { judgeInvitationMail } from "#emails/judge/invitation.ts";
import type { Contest } from "#app/generated/prisma/client.ts";
import { audit, type DbTx } from "#app/server/shared/audit.server.ts";
import { now } from "#app/server/shared/clock.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { appUrl } from "#app/server/shared/env.server.ts";
import { enqueueMail } from "#app/server/shared/mail.server.ts";
import { hashPassword } from "#app/server/shared/password.server.ts";
import { hashToken } from "#app/server/shared/session.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { searchQuery, userSearchText } from "#app/domain/search.ts";

/** The contest's judges; `q` (any case, with or without diacritics) narrows them by name or e-mail. */
export async function listJudges(db: Db, contestId: string, q = "") {
  const key = searchQuery(q);
  const grants = await db.roleGrant.findMany({
    where: { contestId, role: "JUDGE", ...(key ? { user: { searchText: { contains: key } } } : {}) },
    include: { user: { include: { profile: true } }, category: true, round: true },
    orderBy: { createdAt: "asc" },
  });
  const byUser = new Map<
    string,
    {
      id: string;
      name: string;
      email: string;
      agency: string;
      active: boolean;
      categories: string[];
      rounds: string[];
      categoryIds: string[];
      roundIds: string[];
    }
  >();
  for (const g of grants) {
    const j = byUser.get(g.userId) ?? {
      id: g.userId,
      name: g.user.name,
      email: g.user.email,
      agency: g.user.profile?.agency ?? "",
      active: !!g.user.passwordHash && !!g.user.emailVerifiedAt,
      categories: [],
      rounds: [],
      categoryIds: [],
      roundIds: [],
    };
    if (g.category && !j.categoryIds.includes(g.category.id)) {
      j.categoryIds.push(g.category.id);
      j.categories.push(g.category.nameVi);
    }
    if (g.round && !j.roundIds.includes(g.round.id)) {
      j.roundIds.push(g.round.id);
      j.rounds.push(g.round.nameVi);
    }
    byUser.set(g.userId, j);
  }
  return [...byUser.values()];
}

/** Replaces the judge's grants in the contest: every chosen category × every chosen round (none = all). */
async function replaceGrants(
  tx: DbTx,
  input: { contestId: string; userId: string; categoryIds: string[]; roundIds: string[]; actorId: string },
) {
  const cats = input.categoryIds.length ? input.categoryIds : [null];
  const rounds = input.roundIds.length ? input.roundIds : [null];
  // Scopes must belong to this contest: ids from a form are never trusted.
  const validCats = await tx.category.count({ where: { contestId: input.contestId, id: { in: input.categoryIds } } });
  const validRounds = await tx.round.count({ where: { contestId: input.contestId, id: { in: input.roundIds } } });
  if (validCats !== new Set(input.categoryIds).size || validRounds !== new Set(input.roundIds).size)
    throw new Response("Bad scope", { status: 400 });
  await tx.roleGrant.deleteMany({ where: { contestId: input.contestId, userId: input.userId, role: "JUDGE" } });
  await tx.roleGrant.createMany({
    data: cats.flatMap((categoryId) =>
      rounds.map((roundId) => ({
        userId: input.userId,
        role: "JUDGE" as const,
        contestId: input.contestId,
        categoryId,
        roundId,
        grantedById: input.actorId,
      })),
    ),
  });
}

export async function inviteJudge(
  db: Db,
  contest: Contest,
  input: { email: string; name: string; agency: string; categoryIds: string[]; roundIds: string[]; actorId: string },
): Promise<{ userId: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  // How long the link lasts is the contest's setting (Contest.judgeInviteDays).
  const expiresAt = new Date(now().getTime() + contest.judgeInviteDays * 86_400_000);
  const userId = await db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email: input.email }, include: { profile: true } });
    if (!user) {
      user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          searchText: userSearchText(input),
          profile: { create: { agency: input.agency } },
        },
        include: { profile: true },
      });
    } else if (input.agency && !user.profile?.agency) {
      await tx.profile.upsert({
        where: { userId: user.id },
        create: { userId: user.id, agency: input.agency },
        update: { agency: input.agency },
      });
    }
    await replaceGrants(tx, {
      contestId: contest.id,
      userId: user.id,
      categoryIds: input.categoryIds,
      roundIds: input.roundIds,
      actorId: input.actorId,
    });
    await tx.verification.create({
      data: { userId: user.id, email: user.email, purpose: "JUDGE_INVITE", tokenHash: hashToken(token), expiresAt },
    });
    const locale = user.locale === "en" ? "en" : "vi";
    await enqueueMail(tx, {
      to: user.email,
      template: "judge/invitation",
      locale,
      message: judgeInvitationMail({
        locale,
        name: user.name,
        contestName: pickLocale(locale, contest.nameVi, contest.nameEn),
        url: `${appUrl()}/invite/${token}`,
        expiresOn: formatIsoDate(calendarDateIn(expiresAt, contest.timeZone)),
      }),
    });
    await audit(tx, {
      actorId: input.actorId,
      action: "judge.invite",
      targetType: "User",
      targetId: user.id,
      contestId: contest.id,
      after: { email: user.email, categoryIds: input.categoryIds, roundIds: input.roundIds },
    });
    return user.id;
  });
  return { userId, token };
}

export async function setJudgeScope(
  db: Db,
  input: { contestId: string; userId: string; categoryIds: string[]; roundIds: string[]; actorId: string },
) {
  await db.$transaction(async (tx) => {
    const before = await tx.roleGrant.findMany({
      where: { contestId: input.contestId, userId: input.userId, role: "JUDGE" },
    });
    if (!before.length) throw new Response("Not a judge", { status: 404 });
    await replaceGrants(tx, input);
    await audit(tx, {
      actorId: input.actorId,
      action: "judge.scope",
      targetType: "User",
      targetId: input.userId,
      contestId: input.contestId,
      before: before.map((g) => ({ categoryId: g.categoryId, roundId: g.roundId })),
      after: { categoryIds: input.categoryIds, roundIds: input.roundIds },
    });
  });
}

/** Removes a judge from the contest with their unscored assignments; submitted scores stay. */
export async function removeJudge(db: Db, input: { contestId: string; userId: string; actorId: string }) {
  await db.$transaction(async (tx) => {
    const removed = await tx.roleGrant.deleteMany({
      where: { contestId: input.contestId, userId: input.userId, role: "JUDGE" },
    });
    if (!removed.count) return;
    const scored = await tx.score.findMany({
      where: { judgeId: input.userId, round: { contestId: input.contestId }, status: "SUBMITTED" },
      select: { roundId: true, entryId: true },
    });
    const keep = new Set(scored.map((s) => `${s.roundId}:${s.entryId}`));
    const assignments = await tx.assignment.findMany({
      where: { judgeId: input.userId, round: { contestId: input.contestId } },
    });
    const drop = assignments.filter((a) => !keep.has(`${a.roundId}:${a.entryId}`)).map((a) => a.id);
    await tx.assignment.deleteMany({ where: { id: { in: drop } } });
    await audit(tx, {
      actorId: input.actorId,
      action: "judge.remove",
      targetType: "User",
      targetId: input.userId,
      contestId: input.contestId,
      after: { assignmentsRemoved: drop.length },
    });
  });
}

async function findInvite(db: DbTx, token: string) {
  const v = await db.verification.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!v || v.purpose !== "JUDGE_INVITE" || v.usedAt || v.expiresAt <= now() || !v.user) return null;
  return v;
}

/** What the invitation page shows, or null when the link is unknown, used or expired. */
export async function getInvite(db: Db, token: string) {
  const v = await findInvite(db, token);
  if (!v?.user) return null;
  const grant = await db.roleGrant.findFirst({
    where: { userId: v.user.id, role: "JUDGE" },
    include: { contest: true },
    orderBy: { createdAt: "desc" },
  });
  return {
    email: v.user.email,
    name: v.user.name,
    hasPassword: !!v.user.passwordHash,
    contestName: grant?.contest?.nameVi ?? "",
  };
}

/**
 * Accepts an invitation: sets the password (when the judge has none yet, or chooses a new one),
 * marks the e-mail verified (the link proves it) and spends the token. Returns the user id.
 */
export async function acceptInvite(
  db: Db,
  input: { token: string; password: string | null; name?: string },
): Promise<string | null> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.$transaction(async (tx) => {
    const v = await findInvite(tx, input.token);
    if (!v?.user) return null;
    if (!passwordHash && !v.user.passwordHash) return null;
    const spent = await tx.verification.updateMany({ where: { id: v.id, usedAt: null }, data: { usedAt: now() } });
    if (spent.count !== 1) return null;
    await tx.user.update({
      where: { id: v.user.id },
      data: {
        emailVerifiedAt: v.user.emailVerifiedAt ?? now(),
        ...(passwordHash ? { passwordHash } : {}),
        ...(input.name
          ? { name: input.name, searchText: userSearchText({ name: input.name, email: v.user.email }) }
          : {}),
      },
    });
    await audit(tx, { actorId: v.user.id, action: "judge.accept", targetType: "User", targetId: v.user.id });
    return v.user.id;
  });
}

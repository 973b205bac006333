import { redirect } from "@remix-run/node";
import { Prisma } from "#app/generated/prisma/client.ts";
import { forbidden } from "./errors.server.ts";
import { requireUser, type SessionUser } from "./session.server.ts";
import { twoFactorRequired, twoFactorRequiredIn } from "./two-factor.server.ts";

/**
 * Who may do what, decided on the server. ADMIN is global and may act as organizer of any
 * contest; ORGANIZER and JUDGE grants are per contest (a judge's may narrow to a category
 * and/or round). The UI mirrors these checks but never replaces them.
 */
export function isAdmin(user: SessionUser | null): boolean {
  return !!user?.grants.some((g) => g.role === "ADMIN");
}

export function isOrganizerOf(user: SessionUser | null, contestId: string): boolean {
  return isAdmin(user) || !!user?.grants.some((g) => g.role === "ORGANIZER" && g.contestId === contestId);
}

/**
 * `isOrganizerOf` in SQL, for a statement that reads a contest's organizer-only data together
 * with something else (organizer/context.server.ts): the user whose id is the SQL `userId`
 * (NULL when nobody valid is signed in) holds an ADMIN grant, or an ORGANIZER grant for the
 * contest `contestId`. `isOrganizerOf` stays the decision; this keeps the data from being read
 * for anyone else. The two must stay the same rule.
 */
export function isOrganizerOfSql(userId: Prisma.Sql, contestId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."userId" = ${userId}
    AND (g.role = 'ADMIN' OR (g.role = 'ORGANIZER' AND g."contestId" = ${contestId})))`;
}

export function isJudgeOf(
  user: SessionUser | null,
  contestId: string,
  scope: { categoryId?: string; roundId?: string } = {},
): boolean {
  return !!user?.grants.some(
    (g) =>
      g.role === "JUDGE" &&
      g.contestId === contestId &&
      (g.categoryId === null || !scope.categoryId || g.categoryId === scope.categoryId) &&
      (g.roundId === null || !scope.roundId || g.roundId === scope.roundId),
  );
}

export function organizerContestIds(user: SessionUser): string[] {
  return user.grants.filter((g) => g.role === "ORGANIZER" && g.contestId).map((g) => g.contestId!);
}

export function judgeContestIds(user: SessionUser): string[] {
  return [...new Set(user.grants.filter((g) => g.role === "JUDGE" && g.contestId).map((g) => g.contestId!))];
}

/**
 * Admins, and organizers and judges of a contest that requires it, must have a second factor
 * before they reach their pages: until they enrol they are sent to the enrolment page, which
 * brings them back afterwards. (Once enrolled, every sign-in asks for a code.)
 */
export async function requireTwoFactor(
  request: Request,
  user: SessionUser,
  contest?: string | { id: string; requireTwoFactor: boolean },
): Promise<void> {
  if (user.twoFactorEnabled) return;
  // A contest row the caller already read decides by its own setting; otherwise the grants,
  // which carry their contest's setting from the session lookup (no query).
  const required = typeof contest === "object" ? twoFactorRequiredIn(user, contest) : twoFactorRequired(user, contest);
  if (!required) return;
  const url = new URL(request.url);
  throw redirect(`/account/two-factor?required=1&redirectTo=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isAdmin(user)) throw forbidden();
  await requireTwoFactor(request, user);
  return user;
}

/** `contest` is its id, or its row when the caller has read it (no query for the second-factor rule). */
export async function requireOrganizer(
  request: Request,
  contest: string | { id: string; requireTwoFactor: boolean },
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isOrganizerOf(user, typeof contest === "string" ? contest : contest.id)) throw forbidden();
  await requireTwoFactor(request, user, contest);
  return user;
}

export async function requireJudge(
  request: Request,
  contestId: string,
  scope: { categoryId?: string; roundId?: string } = {},
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isJudgeOf(user, contestId, scope)) throw forbidden();
  await requireTwoFactor(request, user, contestId);
  return user;
}

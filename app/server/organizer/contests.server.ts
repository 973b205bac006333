import type { ContestPhase } from "#app/generated/prisma/client.ts";
import { checkRulesChange, type ContestFacts, type ContestRules } from "#app/domain/contest-settings.ts";
import { deadlineEndsAt, fromIsoDate, toIsoDate, type IsoDate } from "#app/domain/dates.ts";
import { audit } from "#app/server/shared/audit.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { DomainError } from "#app/server/shared/errors.server.ts";
import { isAdmin, organizerContestIds } from "#app/server/shared/permissions.server.ts";
import type { SessionUser } from "#app/server/shared/session.server.ts";
import { changeContestPhase } from "#app/server/shared/status.server.ts";
import { isUniqueViolation } from "./context.server.ts";
import { recomputeFlags } from "./entries.server.ts";

/** Contests the user organizes; an admin sees all. */
export async function listOrganizerContests(db: Db, user: SessionUser) {
  return db.contest.findMany({
    where: isAdmin(user) ? {} : { id: { in: organizerContestIds(user) } },
    orderBy: [{ submissionDeadline: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      slug: true,
      nameVi: true,
      nameEn: true,
      phase: true,
      submissionDeadline: true,
      _count: { select: { entries: true } },
    },
  });
}

export async function createContest(
  db: Db,
  input: {
    slug: string;
    nameVi: string;
    nameEn: string;
    organizerName: string;
    publicationStart: IsoDate;
    publicationEnd: IsoDate;
    submissionDeadline: IsoDate;
    requireTwoFactor?: boolean;
  },
  actorId: string,
): Promise<string> {
  try {
    const id = await db.$transaction(async (tx) => {
      const c = await tx.contest.create({
        data: {
          ...input,
          nameEn: input.nameEn || input.nameVi,
          publicationStart: fromIsoDate(input.publicationStart),
          publicationEnd: fromIsoDate(input.publicationEnd),
          submissionDeadline: fromIsoDate(input.submissionDeadline),
        },
      });
      await audit(tx, {
        actorId,
        action: "contest.create",
        targetType: "Contest",
        targetId: c.id,
        contestId: c.id,
        after: input,
      });
      return c.id;
    });
    return id;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("slug_taken");
    throw err;
  }
}

export async function grantOrganizer(
  db: Db,
  input: { contestId: string; email: string; actorId: string },
): Promise<void> {
  const user = await db.user.findUnique({ where: { email: input.email.toLowerCase() } });
  if (!user) throw new DomainError("no_such_user", { email: input.email });
  const existing = await db.roleGrant.findFirst({
    where: { userId: user.id, role: "ORGANIZER", contestId: input.contestId },
  });
  if (existing) return;
  await db.$transaction(async (tx) => {
    const g = await tx.roleGrant.create({
      data: { userId: user.id, role: "ORGANIZER", contestId: input.contestId, grantedById: input.actorId },
    });
    await audit(tx, {
      actorId: input.actorId,
      action: "organizer.grant",
      targetType: "RoleGrant",
      targetId: g.id,
      contestId: input.contestId,
      after: { userId: user.id, email: user.email },
    });
  });
}

export async function revokeOrganizer(db: Db, input: { grantId: string; actorId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const g = await tx.roleGrant.findUnique({ where: { id: input.grantId } });
    if (!g || g.role !== "ORGANIZER") return;
    await tx.roleGrant.delete({ where: { id: g.id } });
    await audit(tx, {
      actorId: input.actorId,
      action: "organizer.revoke",
      targetType: "RoleGrant",
      targetId: g.id,
      contestId: g.contestId,
      before: { userId: g.userId },
    });
  });
}

/**
 * What exists in a contest that a rules change must not invalidate. Only what the current rules
 * accept counts: an entry already outside the window or late does not block a change.
 */
export async function contestFacts(db: Db, contestId: string): Promise<ContestFacts> {
  const c = await db.contest.findUniqueOrThrow({ where: { id: contestId } });
  const ends = deadlineEndsAt(toIsoDate(c.submissionDeadline), c.timeZone);
  const [row] = await db.$queryRaw<
    {
      entryCount: bigint;
      earliestPart: Date | null;
      latestPart: Date | null;
      latestOnlineSubmit: Date | null;
      latestPostmark: Date | null;
      maxParts: bigint | null;
      maxAuthors: bigint | null;
    }[]
  >`
    SELECT
      (SELECT count(*) FROM "Entry" e WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT') AS "entryCount",
      (SELECT min(p."publishedOn") FROM "EntryPart" p JOIN "Entry" e ON e.id = p."entryId" WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT' AND p."publishedOn" >= ${c.publicationStart}) AS "earliestPart",
      (SELECT max(p."publishedOn") FROM "EntryPart" p JOIN "Entry" e ON e.id = p."entryId" WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT' AND p."publishedOn" <= ${c.publicationEnd}) AS "latestPart",
      (SELECT max(e."submittedAt") FROM "Entry" e WHERE e."contestId" = ${contestId} AND e.channel = 'ONLINE' AND e.status <> 'DRAFT' AND e."submittedAt" < ${ends}) AS "latestOnlineSubmit",
      (SELECT max(e."postmarkDate") FROM "Entry" e WHERE e."contestId" = ${contestId} AND e.channel = 'POSTAL' AND e.status <> 'DRAFT' AND e."postmarkDate" <= ${c.submissionDeadline}) AS "latestPostmark",
      (SELECT max(c) FROM (SELECT count(*) c FROM "EntryPart" p JOIN "Entry" e ON e.id = p."entryId" WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT' GROUP BY p."entryId" HAVING count(*) <= ${c.maxPartsPerEntry}) x) AS "maxParts",
      (SELECT max(c) FROM (SELECT count(*) c FROM "EntryAuthor" a JOIN "Entry" e ON e.id = a."entryId" WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT' GROUP BY a."entryId" HAVING count(*) <= ${c.maxAuthorsPerEntry}) y) AS "maxAuthors"`;
  const scoreCount = await db.score.count({ where: { round: { contestId } } });
  const d = (v: Date | null) => (v ? toIsoDate(v) : null);
  return {
    entryCount: Number(row?.entryCount ?? 0),
    earliestPart: d(row?.earliestPart ?? null),
    latestPart: d(row?.latestPart ?? null),
    latestOnlineSubmit: row?.latestOnlineSubmit ?? null,
    latestPostmark: d(row?.latestPostmark ?? null),
    maxParts: Number(row?.maxParts ?? 0),
    maxAuthors: Number(row?.maxAuthors ?? 0),
    scoreCount,
  };
}

/** Saves the contest's rules unless existing entries would become invalid; returns the refusals. */
export async function updateContestRules(
  db: Db,
  contestId: string,
  rules: ContestRules,
  actorId: string,
): Promise<void> {
  DomainError.throwIf(checkRulesChange(rules, await contestFacts(db, contestId)));
  await db.$transaction(async (tx) => {
    const before = await tx.contest.findUniqueOrThrow({ where: { id: contestId } });
    const data = {
      ...rules,
      publicationStart: fromIsoDate(rules.publicationStart),
      publicationEnd: fromIsoDate(rules.publicationEnd),
      submissionDeadline: fromIsoDate(rules.submissionDeadline),
    };
    await tx.contest.update({ where: { id: contestId }, data });
    const changed = Object.fromEntries(
      // A field left out of the form (undefined) keeps its value and is no change.
      Object.entries(data).filter(
        ([k, v]) => v !== undefined && JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify(v),
      ),
    );
    const was = Object.fromEntries(Object.keys(changed).map((k) => [k, (before as Record<string, unknown>)[k]]));
    await audit(tx, {
      actorId,
      action: "contest.rules",
      targetType: "Contest",
      targetId: contestId,
      contestId,
      before: was,
      after: changed,
    });
  });
}

/**
 * Moves the contest to another phase through the one phase service. Starting judging mails
 * nobody: judges hear about their work when a round with assignments for them opens
 * (openRound in rounds.server.ts), with what they will actually find there.
 */
export async function changePhase(
  db: Db,
  input: { contestId: string; to: ContestPhase; actorId: string; reason?: string },
) {
  // The conditional update in changeContestPhase makes a double click fail.
  const result = await db.$transaction((tx) => changeContestPhase(tx, input));
  // Closing submissions is when organizers start reviewing: every entry's flags are fresh then.
  if (input.to === "CLOSED") await recomputeFlags(db, input.contestId);
  return result;
}

/** Every contest with its organizers and its two-factor setting, newest first, for the admin page. */
export function listContestsForAdmin(db: Db) {
  return db.contest.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      slug: true,
      nameVi: true,
      requireTwoFactor: true,
      roleGrants: { where: { role: "ORGANIZER" }, select: { id: true, user: { select: { name: true, email: true } } } },
    },
  });
}

/**
 * Turns the contest's "organizers and judges need two-factor" setting on or off. Conditional, so
 * a repeated click changes (and audits) nothing.
 */
export async function setContestTwoFactor(
  db: Db,
  input: { contestId: string; value: boolean; actorId: string },
): Promise<void> {
  const { contestId, value, actorId } = input;
  const changed = await db.contest.updateMany({
    where: { id: contestId, requireTwoFactor: !value },
    data: { requireTwoFactor: value },
  });
  if (changed.count) {
    await audit(db, {
      actorId,
      action: "contest.two_factor",
      targetType: "Contest",
      targetId: contestId,
      contestId,
      before: { requireTwoFactor: !value },
      after: { requireTwoFactor: value },
    });
  }
}

import type { Contest } from "#app/generated/prisma/client.ts";
import { getDb, type Db } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { requireOrganizer } from "#app/server/shared/permissions.server.ts";
import { perRequest } from "#app/server/shared/request-scope.server.ts";
import { requireUser, type SessionUser } from "#app/server/shared/session.server.ts";

/**
 * Every /organizer/<slug>/… loader and action starts here: signed in, the contest exists, and
 * the user organizes it (or is an admin). Anyone else gets 403 before anything is read.
 */
export async function loadOrganizedContest(
  request: Request,
  slug: string | undefined,
): Promise<{ db: Db; contest: Contest; user: SessionUser }> {
  await requireUser(request);
  const db = await getDb();
  // The layout route and the page's loader both come here: read the contest once per request.
  const contest = slug ? await perRequest(`contest:${slug}`, () => db.contest.findUnique({ where: { slug } })) : null;
  if (!contest) throw notFound();
  const user = await requireOrganizer(request, contest);
  return { db, contest, user };
}

/** Detects a unique-constraint violation (Prisma P2002) without importing runtime internals. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

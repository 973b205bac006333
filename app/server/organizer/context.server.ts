import { Prisma, type Contest } from "#app/generated/prisma/client.ts";
import { getDb, type Db } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { isAdmin, organizerContestIds, requireOrganizer } from "#app/server/shared/permissions.server.ts";
import { perRequest } from "#app/server/shared/request-scope.server.ts";
import { requireUser, type SessionUser } from "#app/server/shared/session.server.ts";
import {
  dashboard as readDashboard,
  dashboardColumns,
  parseDashboard,
  type Dashboard,
  type DashboardRaw,
} from "./oversight.server.ts";

/** The contest row, with the dashboard's columns when a loader asked for them in time. */
type ContestRow = Contest & Partial<DashboardRaw> & { dashboardRead?: boolean | null };

/**
 * One request's read of the contest. The layout route and the page's loader both ask for it and
 * share it; the statement goes out one turn of the event loop after the first ask, so a page
 * loader that wants more (the dashboard's figures) adds it to the same statement: one round trip
 * and one query instead of two. A loader that asks after it went out reads its part alone.
 */
interface ContestRead {
  dashboard: boolean;
  sent: boolean;
  row: Promise<ContestRow | null>;
}

function startRead(db: Db, user: SessionUser, slug: string): ContestRead {
  const read: ContestRead = { dashboard: false, sent: false, row: Promise.resolve(null) };
  read.row = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    read.sent = true;
    return read.dashboard ? contestWithDashboard(db, user, slug) : db.contest.findUnique({ where: { slug } });
  });
  return read;
}

/**
 * The contest and, only if the signed-in user organizes it (the same grants requireOrganizer
 * checks afterwards, which stays the decision), the dashboard's figures: nothing of the
 * contest's entries is read for anyone else (the lateral SELECT's one-time filter is false).
 */
async function contestWithDashboard(db: Db, user: SessionUser, slug: string): Promise<ContestRow | null> {
  const ids = organizerContestIds(user);
  const mayRead = isAdmin(user)
    ? Prisma.sql`TRUE`
    : ids.length
      ? Prisma.sql`oc.id IN (${Prisma.join(ids)})`
      : Prisma.sql`FALSE`;
  const [row] = await db.$queryRaw<ContestRow[]>`
    SELECT oc.*, d.*
    FROM "Contest" oc
    LEFT JOIN LATERAL (
      SELECT ${dashboardColumns(Prisma.sql`oc.id`, Prisma.sql`oc."timeZone"`)}, TRUE AS "dashboardRead"
      WHERE ${mayRead}) d ON TRUE
    WHERE oc.slug = ${slug}`;
  return row ?? null;
}

/**
 * Every /organizer/<slug>/… loader and action starts here: signed in, the contest exists, and
 * the user organizes it (or is an admin). Anyone else gets 403 before anything of the contest
 * is shown. `{ dashboard: true }` also returns the dashboard's figures (see ContestRead).
 */
export async function loadOrganizedContest(
  request: Request,
  slug: string | undefined,
): Promise<{ db: Db; contest: Contest; user: SessionUser }>;
export async function loadOrganizedContest(
  request: Request,
  slug: string | undefined,
  want: { dashboard: true },
): Promise<{ db: Db; contest: Contest; user: SessionUser; dashboard: Dashboard }>;
export async function loadOrganizedContest(
  request: Request,
  slug: string | undefined,
  want: { dashboard?: boolean } = {},
): Promise<{ db: Db; contest: Contest; user: SessionUser; dashboard?: Dashboard }> {
  const signedIn = await requireUser(request);
  const db = await getDb();
  if (!slug) throw notFound();
  const read = await perRequest(`contest:${slug}`, async () => startRead(db, signedIn, slug));
  if (want.dashboard && !read.sent) read.dashboard = true;
  const row = await read.row;
  if (!row) throw notFound();
  const { categories, byCatStatus, perDay, rounds, progress, dashboardRead, ...contest } = row;
  const user = await requireOrganizer(request, contest);
  if (!want.dashboard) return { db, contest, user };
  const dashboard = dashboardRead
    ? parseDashboard({ categories, byCatStatus, perDay, rounds, progress } as DashboardRaw)
    : await readDashboard(db, contest.id, contest.timeZone);
  return { db, contest, user, dashboard };
}

/** Detects a unique-constraint violation (Prisma P2002) without importing runtime internals. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

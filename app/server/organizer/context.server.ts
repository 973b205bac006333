import { Prisma, type Contest } from "#app/generated/prisma/client.ts";
import { getDb, type Db } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { isOrganizerOfSql, requireOrganizer } from "#app/server/shared/permissions.server.ts";
import { perRequestValue } from "#app/server/shared/request-scope.server.ts";
import { getSessionUser, requireUser, rideWithSession, type SessionUser } from "#app/server/shared/session.server.ts";
import {
  dashboard as readDashboard,
  dashboardColumns,
  parseDashboard,
  type Dashboard,
  type DashboardRaw,
} from "./oversight.server.ts";
import {
  entryListColumns,
  listEntries,
  parseEntryList,
  type EntryFilters,
  type EntryList,
  type EntryListRaw,
} from "./entries.server.ts";

/** The contest row, with the columns of the page's part when a loader asked for them in time. */
type ContestRow = Contest & Partial<DashboardRaw> & Partial<EntryListRaw> & { partRead?: boolean | null };

/** What a page's loader may ask to be read with the contest: the dashboard's figures or the entries table. */
type Part = { dashboard: true } | { entries: EntryFilters };

/**
 * One request's read of the contest. The layout route and the page's loader both ask for it and
 * share it. It joins the root loader's session statement when that has not gone out yet (the
 * page's loaders all start in one turn, see rideWithSession): one statement for the session,
 * the header and the contest. Else it goes out one turn of the event loop after the first ask.
 * Either way a page loader that wants more (the dashboard's figures, the entries table) adds
 * it to the same statement; one that asks after it went out reads its part alone.
 */
interface ContestRead {
  part: Part | null;
  sent: boolean;
  row: Promise<ContestRow | null>;
}

function startRead(request: Request, slug: string): ContestRead {
  const read: ContestRead = { part: null, sent: false, row: Promise.resolve(null) };
  const riding = rideWithSession<ContestRow | null>({
    sql(validUserId) {
      read.sent = true;
      const mayRead = isOrganizerOfSql(validUserId, Prisma.sql`oc.id`);
      return read.part
        ? {
            columns: Prisma.sql`oc.*, d.*`,
            from: Prisma.sql`LEFT JOIN "Contest" oc ON oc.slug = ${slug}
              LEFT JOIN LATERAL (SELECT ${partColumns(read.part)}, TRUE AS "partRead" WHERE ${mayRead}) d ON TRUE`,
          }
        : { columns: Prisma.sql`oc.*`, from: Prisma.sql`LEFT JOIN "Contest" oc ON oc.slug = ${slug}` };
    },
    // No contest of that slug: the LEFT JOIN's columns are all NULL.
    fromRow: (row) => (row.id == null ? null : (row as ContestRow)),
  });
  read.row =
    riding ??
    new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      read.sent = true;
      const [db, user] = await Promise.all([getDb(), getSessionUser(request)]);
      return read.part && user
        ? contestWithPart(db, user, slug, read.part)
        : db.contest.findUnique({ where: { slug } });
    });
  // Who is refused first (not signed in, not found) never awaits it: its failure is no crash.
  read.row.catch(() => undefined);
  return read;
}

function partColumns(part: Part): Prisma.Sql {
  return "dashboard" in part
    ? dashboardColumns(Prisma.sql`oc.id`, Prisma.sql`oc."timeZone"`)
    : entryListColumns(Prisma.sql`oc.id`, part.entries);
}

/**
 * The contest and, only if the signed-in user organizes it (the same grants requireOrganizer
 * checks afterwards, which stays the decision), the page's part: nothing of the contest's
 * entries is read for anyone else (the lateral SELECT's one-time filter is false).
 */
async function contestWithPart(db: Db, user: SessionUser, slug: string, part: Part): Promise<ContestRow | null> {
  const [row] = await db.$queryRaw<ContestRow[]>`
    SELECT oc.*, d.*
    FROM "Contest" oc
    LEFT JOIN LATERAL (SELECT ${partColumns(part)}, TRUE AS "partRead"
                       WHERE ${isOrganizerOfSql(Prisma.sql`${user.id}`, Prisma.sql`oc.id`)}) d ON TRUE
    WHERE oc.slug = ${slug}`;
  return row ?? null;
}

/**
 * Every /organizer/<slug>/… loader and action starts here: signed in, the contest exists, and
 * the user organizes it (or is an admin). Anyone else gets 403 before anything of the contest
 * is shown. `{ dashboard: true }` also returns the dashboard's figures, `{ entries: filters }`
 * that page of the entries table (see ContestRead).
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
  want: { entries: EntryFilters },
): Promise<{ db: Db; contest: Contest; user: SessionUser; entries: EntryList }>;
export async function loadOrganizedContest(
  request: Request,
  slug: string | undefined,
  want?: Part,
): Promise<{ db: Db; contest: Contest; user: SessionUser; dashboard?: Dashboard; entries?: EntryList }> {
  if (!slug) throw notFound();
  // Before any await: the statement this joins goes out once every loader of the page started.
  const read = perRequestValue(`contest:${slug}`, () => startRead(request, slug)) ?? startRead(request, slug);
  if (want && !read.sent && !read.part) read.part = want;
  await requireUser(request);
  const db = await getDb();
  const row = await read.row;
  if (!row) throw notFound();
  const {
    categories,
    byCatStatus,
    perDay,
    rounds,
    progress,
    entryTotal,
    entryRows,
    entryCategories,
    partRead,
    ...contest
  } = row;
  const user = await requireOrganizer(request, contest);
  if (!want) return { db, contest, user };
  // Read with the contest only if it was this loader's part that went out with it.
  const mine = partRead && read.part === want;
  if ("dashboard" in want) {
    const dashboard = mine
      ? parseDashboard({ categories, byCatStatus, perDay, rounds, progress } as DashboardRaw)
      : await readDashboard(db, contest.id, contest.timeZone);
    return { db, contest, user, dashboard };
  }
  const entries = mine
    ? parseEntryList({ entryTotal, entryRows, entryCategories } as EntryListRaw)
    : await listEntries(db, contest.id, want.entries);
  return { db, contest, user, entries };
}

/** Detects a unique-constraint violation (Prisma P2002) without importing runtime internals. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

/** Dashboard figures and the audit log of a contest, read-only. */
import { Prisma } from "#app/generated/prisma/client.ts";
import { z } from "zod";
import { searchQuery } from "#app/domain/search.ts";
import { auditIds, auditKey, auditSentence, type AuditNames } from "#app/domain/audit-events.ts";
import { pickLocale } from "#app/domain/text.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import type { Db } from "#app/server/shared/db.server.ts";

/** The dashboard's columns, as text JSON arrays (see dashboardColumns). */
export interface DashboardRaw {
  categories: string | null;
  byCatStatus: string | null;
  perDay: string | null;
  rounds: string | null;
  progress: string | null;
}

/**
 * The dashboard's figures in one statement (each part a JSON array, parsed once): five queries
 * in parallel cost five round trips, which was most of the page's database time. Categories in
 * CATEGORY_ORDER (category-order.server.ts): sortOrder, then id. Submissions per day: online
 * entries by the day they were submitted, mailed ones by their postmark, both in the contest's
 * zone. Judge progress: assignments and the submitted sheets among them counted apart, then
 * joined per (round, judge): the one grouped outer join probed the Score index once per
 * assignment (150,000 probes at 10,000 entries × 15 judges: 1.5 s); the sheets are hash-joined.
 *
 * As columns of a SELECT list: `contestId` and `timeZone` are parameters, or columns of an outer
 * row not aliased c, e, r, a, u, s or x (the organizer pages' contest read puts them in its own
 * statement, see loadOrganizedContest).
 */
export function dashboardColumns(contestId: Prisma.Sql, timeZone: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
      (SELECT json_agg(json_build_array(c.id, c."nameVi", c."nameEn") ORDER BY c."sortOrder", c.id)::text
       FROM "Category" c WHERE c."contestId" = ${contestId}) AS "categories",
      (SELECT json_agg(json_build_array(x."categoryId", x.status, x.n))::text
       FROM (SELECT e."categoryId", e.status::text AS status, count(*)::int AS n
             FROM "Entry" e WHERE e."contestId" = ${contestId} GROUP BY 1, 2) x) AS "byCatStatus",
      (SELECT json_agg(json_build_array(to_char(x.day, 'YYYY-MM-DD'), x.n) ORDER BY x.day)::text
       FROM (SELECT COALESCE(e."postmarkDate", (e."submittedAt" AT TIME ZONE ${timeZone})::date) AS day, count(*)::int AS n
             FROM "Entry" e
             WHERE e."contestId" = ${contestId} AND e.status <> 'DRAFT' AND (e."submittedAt" IS NOT NULL OR e."postmarkDate" IS NOT NULL)
             GROUP BY 1) x) AS "perDay",
      (SELECT json_agg(json_build_array(r.id, r."nameVi", r."nameEn") ORDER BY r.position)::text
       FROM "Round" r WHERE r."contestId" = ${contestId}) AS "rounds",
      (SELECT json_agg(json_build_array(a."roundId", a."judgeId", u.name, a.n, coalesce(s.n, 0)) ORDER BY u.name)::text
       FROM (
         SELECT a."roundId", a."judgeId", count(*)::int AS n
         FROM "Assignment" a JOIN "Round" r ON r.id = a."roundId"
         WHERE r."contestId" = ${contestId}
         GROUP BY a."roundId", a."judgeId") a
       JOIN "User" u ON u.id = a."judgeId"
       LEFT JOIN (
         SELECT s."roundId", s."judgeId", count(*)::int AS n
         FROM "Score" s
         JOIN "Round" r ON r.id = s."roundId"
         JOIN "Assignment" x ON x."roundId" = s."roundId" AND x."entryId" = s."entryId" AND x."judgeId" = s."judgeId"
         WHERE r."contestId" = ${contestId} AND s.status = 'SUBMITTED'
         GROUP BY s."roundId", s."judgeId") s ON s."roundId" = a."roundId" AND s."judgeId" = a."judgeId") AS "progress"`;
}

export async function dashboard(db: Db, contestId: string, timeZone: string) {
  const [res] = await db.$queryRaw<DashboardRaw[]>`
    SELECT ${dashboardColumns(Prisma.sql`${contestId}`, Prisma.sql`${timeZone}`)}`;
  return parseDashboard(res);
}

export type Dashboard = ReturnType<typeof parseDashboard>;

export function parseDashboard(res: DashboardRaw | undefined) {
  const parse = <T>(json: string | null | undefined) => JSON.parse(json ?? "[]") as T[];
  const counts = new Map<string, number>();
  for (const [categoryId, status, n] of parse<[string, string, number]>(res?.byCatStatus)) {
    counts.set(`${categoryId} ${status}`, n);
  }
  const progress = parse<[string, string, string, number, number]>(res?.progress);
  const statuses = ["DRAFT", "SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN"] as const;
  return {
    categories: parse<[string, string, string]>(res?.categories).map(([id, nameVi, nameEn]) => ({
      id,
      nameVi,
      nameEn,
      counts: Object.fromEntries(statuses.map((s) => [s, counts.get(`${id} ${s}`) ?? 0])) as Record<
        (typeof statuses)[number],
        number
      >,
    })),
    perDay: parse<[string, number]>(res?.perDay).map(([day, n]) => ({ day, n })),
    rounds: parse<[string, string, string]>(res?.rounds).map(([id, nameVi, nameEn]) => ({
      id,
      nameVi,
      nameEn,
      judges: progress
        .filter((p) => p[0] === id)
        .map(([, judgeId, name, assigned, submitted]) => ({ judgeId, name, assigned, submitted })),
    })),
  };
}

export const AuditFiltersSchema = z.object({
  actor: z.string().trim().max(200).default(""),
  action: z.string().trim().max(100).default(""),
  entry: z.string().trim().max(100).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditFilters = z.infer<typeof AuditFiltersSchema>;

export async function auditLog(db: Db, contestId: string, f: AuditFilters, size = 50, locale: Locale = "vi") {
  let entryIds: string[] | undefined;
  if (f.entry) {
    const entries = await db.entry.findMany({
      where: { contestId, OR: [{ code: { equals: f.entry, mode: "insensitive" } }, { id: f.entry }] },
      select: { id: true },
    });
    entryIds = entries.map((e) => e.id);
  }
  const actorKey = searchQuery(f.actor);
  const where: Prisma.AuditEventWhereInput = {
    contestId,
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    // Name and e-mail, any case, with or without diacritics (User.searchText).
    ...(actorKey ? { actor: { searchText: { contains: actorKey } } } : {}),
    ...(entryIds ? { entryId: { in: entryIds } } : {}),
  };
  const [total, rows, actions] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (f.page - 1) * size,
      take: size,
      include: { actor: { select: { name: true, email: true } } },
    }),
    db.auditEvent.findMany({
      where: { contestId },
      distinct: ["action"],
      select: { action: true },
      orderBy: { action: "asc" },
    }),
  ]);
  const events = rows.map((r) => ({ ...r, actorName: r.actor ? r.actor.name || r.actor.email : null }));
  const ids = events.map(auditIds);
  const all = (k: keyof ReturnType<typeof auditIds>) => [...new Set(ids.flatMap((x) => x[k]))];
  // One query per table for the names on this page; ids from JSON are only looked up inside this contest.
  const [entries, users, rounds, categories, tiers, criteria] = await Promise.all([
    db.entry.findMany({
      where: { contestId, id: { in: all("entries") } },
      select: { id: true, code: true, title: true },
    }),
    db.user.findMany({ where: { id: { in: all("users") } }, select: { id: true, name: true, email: true } }),
    db.round.findMany({
      where: { contestId, id: { in: all("rounds") } },
      select: { id: true, nameVi: true, nameEn: true },
    }),
    db.category.findMany({
      where: { contestId, id: { in: all("categories") } },
      select: { id: true, nameVi: true, nameEn: true },
    }),
    db.prizeTier.findMany({
      where: { id: { in: all("tiers") }, category: { contestId } },
      select: { id: true, nameVi: true, nameEn: true },
    }),
    db.criterion.findMany({
      where: { id: { in: all("criteria") }, round: { contestId } },
      select: { id: true, nameVi: true, nameEn: true },
    }),
  ]);
  const named = (list: { id: string; nameVi: string; nameEn: string }[]) =>
    new Map(list.map((x) => [x.id, pickLocale(locale, x.nameVi, x.nameEn)]));
  const maps = {
    entries: new Map(entries.map((e) => [e.id, e.code ?? e.title])),
    users: new Map(users.map((u) => [u.id, u.name || u.email])),
    rounds: named(rounds),
    categories: named(categories),
    tiers: named(tiers),
    criteria: named(criteria),
  };
  const names: AuditNames = {
    entry: (id) => maps.entries.get(id),
    user: (id) => maps.users.get(id),
    round: (id) => maps.rounds.get(id),
    category: (id) => maps.categories.get(id),
    tier: (id) => maps.tiers.get(id),
    criterion: (id) => maps.criteria.get(id),
  };
  const t = getI18n(locale).getFixedT(locale, "organizer");
  return {
    total,
    size,
    actions: actions.map((a) => ({
      code: a.action,
      name: t(`audit.name.${auditKey(a.action)}`, { defaultValue: a.action }),
    })),
    rows: events.map((r) => ({
      id: String(r.id),
      at: r.createdAt.toISOString(),
      actor: r.actor ? `${r.actor.name} <${r.actor.email}>` : "—",
      action: r.action,
      sentence: auditSentence(r, names, t, locale),
      entryCode: r.entryId ? (maps.entries.get(r.entryId) ?? "") : "",
      before: r.before === null ? "" : JSON.stringify(r.before, null, 2),
      after: r.after === null ? "" : JSON.stringify(r.after, null, 2),
    })),
  };
}

import { Prisma, type ContestPhase } from "#app/generated/prisma/client.ts";
import { fromIsoDate, isBeforeDeadline, toIsoDate, type IsoDate } from "#app/domain/dates.ts";
import { now } from "../shared/clock.server.ts";
import type { Locale } from "#app/i18n/i18n.ts";
import type { Db } from "../shared/db.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { perRequest } from "../shared/request-scope.server.ts";
import type { AlongRead } from "../shared/session.server.ts";
import type { ContestRulesView } from "#app/domain/contest-view.ts";

export interface ContestSummary {
  slug: string;
  name: string;
  phase: ContestPhase;
  submissionDeadline: IsoDate;
}

const pick = pickLocale;

interface PublicContestRow {
  slug: string;
  nameVi: string;
  nameEn: string;
  phase: ContestPhase;
  submissionDeadline: Date;
  timeZone: string;
}

/**
 * Contests the public may see (not drafts), newest deadline first, as one JSON column: read
 * alone by `listPublicContests`, or riding along with the session lookup on signed-in pages
 * (root loader, getSessionUserAlong). One definition for both.
 */
export const publicContestsAlong: AlongRead<PublicContestRow[]> = {
  key: "publicContests",
  sql: `SELECT COALESCE(json_agg(json_build_object('slug', slug, 'nameVi', "nameVi", 'nameEn', "nameEn",
          'phase', phase::text, 'submissionDeadline', "submissionDeadline", 'timeZone', "timeZone")
          ORDER BY "submissionDeadline" DESC, "createdAt" DESC), '[]'::json)
        FROM "Contest" WHERE phase <> 'DRAFT'`,
  fromColumn(value) {
    const rows = (typeof value === "string" ? JSON.parse(value) : value) as (Omit<
      PublicContestRow,
      "submissionDeadline"
    > & {
      submissionDeadline: string;
    })[];
    // A date column is "YYYY-MM-DD" in JSON: the same UTC midnight Prisma gives for it.
    return rows.map((c) => ({ ...c, submissionDeadline: fromIsoDate(c.submissionDeadline) }));
  },
};

/** The public contests' rows, read once per request (the root loader's header asks on every page). */
function publicContestRows(db: Db): Promise<PublicContestRow[]> {
  // Raw SQL: the site header runs this on every page, and Prisma's query building and result
  // mapping cost more CPU than the query itself.
  return perRequest(publicContestsAlong.key, async () => {
    const [row] = await db.$queryRawUnsafe<{ along: unknown }[]>(`SELECT (${publicContestsAlong.sql}) AS along`);
    return publicContestsAlong.fromColumn(row!.along);
  });
}

export async function listPublicContests(db: Db, locale: Locale): Promise<ContestSummary[]> {
  // The root loader (site header) and the home page both ask: once per request.
  const rows = await publicContestRows(db);
  return rows.map((c) => ({
    slug: c.slug,
    name: pick(locale, c.nameVi, c.nameEn),
    phase: c.phase,
    submissionDeadline: toIsoDate(c.submissionDeadline),
  }));
}

interface ContestRulesRow {
  slug: string;
  nameVi: string;
  nameEn: string;
  themeVi: string;
  themeEn: string;
  descriptionVi: string;
  descriptionEn: string;
  phase: ContestPhase;
  publicationStart: Date;
  publicationEnd: Date;
  submissionDeadline: Date;
  timeZone: string;
  postmarkCounts: boolean;
  organizerName: string;
  organizerUnit: string;
  organizerAddress: string;
  organizerPhone: string;
  organizerEmail: string;
  categories: {
    code: string;
    nameVi: string;
    nameEn: string;
    tiers: { position: number; nameVi: string; nameEn: string; count: number; amount: number }[];
  }[];
}

export function getContestRules(db: Db, slug: string, locale: Locale): Promise<ContestRulesView | null> {
  return contestRules(db, Prisma.sql`c.slug = ${slug} AND c.phase <> 'DRAFT'`, locale);
}

/**
 * The rules of the newest public contest (the first of listPublicContests' order), for the home
 * page: asked for alongside that list instead of after it, so the page waits for one round trip.
 */
export function getNewestContestRules(db: Db, locale: Locale): Promise<ContestRulesView | null> {
  return contestRules(
    db,
    Prisma.sql`c.id = (SELECT id FROM "Contest" WHERE phase <> 'DRAFT'
                       ORDER BY "submissionDeadline" DESC, "createdAt" DESC LIMIT 1)`,
    locale,
  );
}

async function contestRules(db: Db, where: Prisma.Sql, locale: Locale): Promise<ContestRulesView | null> {
  // One query instead of three (contest, categories, prize tiers): the home page and the
  // contest page, the busiest public pages, both show it. Categories in the one order (category-order.server.ts).
  const [c] = await db.$queryRaw<ContestRulesRow[]>`
    SELECT c.slug, c."nameVi", c."nameEn", c."themeVi", c."themeEn", c."descriptionVi", c."descriptionEn",
           c.phase::text AS phase, c."publicationStart", c."publicationEnd", c."submissionDeadline", c."timeZone",
           c."postmarkCounts", c."organizerName", c."organizerUnit", c."organizerAddress", c."organizerPhone",
           c."organizerEmail",
           COALESCE((SELECT json_agg(json_build_object(
                       'code', cat.code, 'nameVi', cat."nameVi", 'nameEn', cat."nameEn",
                       'tiers', COALESCE((SELECT json_agg(json_build_object(
                                            'position', t.position, 'nameVi', t."nameVi", 'nameEn', t."nameEn",
                                            'count', t.count, 'amount', t.amount) ORDER BY t.position)
                                          FROM "PrizeTier" t WHERE t."categoryId" = cat.id), '[]'::json))
                       ORDER BY cat."sortOrder", cat.id)
                     FROM "Category" cat WHERE cat."contestId" = c.id), '[]'::json) AS categories
    FROM "Contest" c
    WHERE ${where}`;
  if (!c) return null;
  return {
    slug: c.slug,
    name: pick(locale, c.nameVi, c.nameEn),
    theme: pick(locale, c.themeVi, c.themeEn),
    description: pick(locale, c.descriptionVi, c.descriptionEn),
    phase: c.phase,
    publicationStart: toIsoDate(c.publicationStart),
    publicationEnd: toIsoDate(c.publicationEnd),
    submissionDeadline: toIsoDate(c.submissionDeadline),
    timeZone: c.timeZone,
    postmarkCounts: c.postmarkCounts,
    acceptingEntries: c.phase === "OPEN" && isBeforeDeadline(now(), toIsoDate(c.submissionDeadline), c.timeZone),
    organizer: {
      name: c.organizerName,
      unit: c.organizerUnit,
      address: c.organizerAddress,
      phone: c.organizerPhone,
      email: c.organizerEmail,
    },
    categories: c.categories.map((cat) => ({
      code: cat.code,
      name: pick(locale, cat.nameVi, cat.nameEn),
      tiers: cat.tiers.map((t) => ({
        position: t.position,
        name: pick(locale, t.nameVi, t.nameEn),
        count: t.count,
        amount: t.amount,
      })),
    })),
  };
}

/** Contests in the OPEN phase, nearest deadline first (callers still check the deadline). */
export async function openPhaseContests(db: Db): Promise<PublicContestRow[]> {
  // Only what "my entries" shows and the open-for-changes rule reads, taken from the header's
  // list of public contests (OPEN is public), which the page has read already: no query of its own.
  // That list is newest deadline first; this one earliest first.
  return (await publicContestRows(db)).filter((c) => c.phase === "OPEN").reverse();
}

/** A public (not draft) contest whose results may not be out yet, for the results page's "not yet" view. */
export function publicContestSummary(db: Db, slug: string) {
  return db.contest.findFirst({
    where: { slug, phase: { not: "DRAFT" } },
    select: { slug: true, nameVi: true, nameEn: true, phase: true, submissionDeadline: true },
  });
}

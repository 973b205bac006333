import { CATEGORY_ORDER } from "../shared/category-order.server.ts";
import type { ContestPhase } from "#app/generated/prisma/client.ts";
import { isBeforeDeadline, toIsoDate, type IsoDate } from "#app/domain/dates.ts";
import { now } from "../shared/clock.server.ts";
import type { Locale } from "#app/i18n/i18n.ts";
import type { Db } from "../shared/db.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { perRequest } from "../shared/request-scope.server.ts";
import type { ContestRulesView } from "#app/domain/contest-view.ts";

export interface ContestSummary {
  slug: string;
  name: string;
  phase: ContestPhase;
  submissionDeadline: IsoDate;
}

const pick = pickLocale;

/** Contests the public may see (not drafts), newest deadline first. */
export async function listPublicContests(db: Db, locale: Locale): Promise<ContestSummary[]> {
  // The root loader (site header) and the home page both ask: once per request.
  const rows = await perRequest("publicContests", () =>
    db.contest.findMany({
      where: { phase: { not: "DRAFT" } },
      orderBy: [{ submissionDeadline: "desc" }, { createdAt: "desc" }],
      select: { slug: true, nameVi: true, nameEn: true, phase: true, submissionDeadline: true },
    }),
  );
  return rows.map((c) => ({
    slug: c.slug,
    name: pick(locale, c.nameVi, c.nameEn),
    phase: c.phase,
    submissionDeadline: toIsoDate(c.submissionDeadline),
  }));
}

export async function getContestRules(db: Db, slug: string, locale: Locale): Promise<ContestRulesView | null> {
  const c = await db.contest.findFirst({
    where: { slug, phase: { not: "DRAFT" } },
    include: {
      categories: {
        orderBy: CATEGORY_ORDER,
        include: { prizeTiers: { orderBy: { position: "asc" } } },
      },
    },
  });
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
      tiers: cat.prizeTiers.map((t) => ({
        position: t.position,
        name: pick(locale, t.nameVi, t.nameEn),
        count: t.count,
        amount: t.amount,
      })),
    })),
  };
}

/** Contests in the OPEN phase, nearest deadline first (callers still check the deadline). */
export function openPhaseContests(db: Db) {
  return db.contest.findMany({ where: { phase: "OPEN" }, orderBy: { submissionDeadline: "asc" } });
}

/** A public (not draft) contest whose results may not be out yet, for the results page's "not yet" view. */
export function publicContestSummary(db: Db, slug: string) {
  return db.contest.findFirst({
    where: { slug, phase: { not: "DRAFT" } },
    select: { slug: true, nameVi: true, nameEn: true, phase: true, submissionDeadline: true },
  });
}

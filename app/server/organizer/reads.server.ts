/**
 * What the organizer's pages read about one contest and nothing else does: option lists for
 * forms, the structure pages' rows, a file of an entry. Routes call these instead of querying
 * the database themselves (docs/architecture.md: routes parse, authorise and call a service).
 * Every function takes the contest id the caller has already authorised.
 */
import { CATEGORY_ORDER } from "#app/server/shared/category-order.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";

/** The contest's categories for a select or filter: code and both names, in display order. */
export function categoryCodeOptions(db: Db, contestId: string) {
  return db.category.findMany({
    where: { contestId },
    orderBy: CATEGORY_ORDER,
    select: { code: true, nameVi: true, nameEn: true },
  });
}

/** The contest's categories for checkboxes keyed by id, in display order. */
export function categoryIdOptions(db: Db, contestId: string) {
  return db.category.findMany({
    where: { contestId },
    orderBy: CATEGORY_ORDER,
    select: { id: true, nameVi: true, nameEn: true },
  });
}

/** The code of the contest's first category (the CSV template's example), if it has one. */
export async function firstCategoryCode(db: Db, contestId: string): Promise<string | null> {
  const first = await db.category.findFirst({ where: { contestId }, orderBy: CATEGORY_ORDER, select: { code: true } });
  return first?.code ?? null;
}

/** The contest's rounds for checkboxes keyed by id, in order. */
export function roundIdOptions(db: Db, contestId: string) {
  return db.round.findMany({
    where: { contestId },
    orderBy: { position: "asc" },
    select: { id: true, nameVi: true, nameEn: true },
  });
}

/** The contest's rounds as the assignments page picks them: with panel size and status. */
export function roundsForAssignments(db: Db, contestId: string) {
  return db.round.findMany({
    where: { contestId },
    orderBy: { position: "asc" },
    select: { id: true, nameVi: true, nameEn: true, judgesPerEntry: true, status: true },
  });
}

/** The contest's rounds as the results page lists them: position, names and status. */
export function roundsForResults(db: Db, contestId: string) {
  return db.round.findMany({
    where: { contestId },
    orderBy: { position: "asc" },
    select: { position: true, nameVi: true, nameEn: true, status: true },
  });
}

/** Categories with their prize tiers and how many entries each holds, for the categories page. */
export function categoriesWithTiers(db: Db, contestId: string) {
  return db.category.findMany({
    where: { contestId },
    orderBy: CATEGORY_ORDER,
    include: { prizeTiers: { orderBy: { position: "asc" } }, _count: { select: { entries: true } } },
  });
}

/** Rounds with their rubric and how many scores and assignments hang on each, for the rounds page. */
export function roundsWithCriteria(db: Db, contestId: string) {
  return db.round.findMany({
    where: { contestId },
    orderBy: { position: "asc" },
    include: { criteria: { orderBy: { position: "asc" } }, _count: { select: { scores: true, assignments: true } } },
  });
}

/** The round at a position of the contest, or null. */
export function roundAt(db: Db, contestId: string, position: number) {
  return db.round.findUnique({ where: { contestId_position: { contestId, position } } });
}

/** How many rubric criteria a round has. */
export function criteriaCount(db: Db, roundId: string): Promise<number> {
  return db.criterion.count({ where: { roundId } });
}

/**
 * Of the given entries of the contest, those not yet eligible that the checks flagged: marking
 * them eligible needs the organizer's confirmation.
 */
export function flaggedUndecided(db: Db, contestId: string, entryIds: string[]) {
  return db.entry.findMany({
    where: { id: { in: entryIds }, contestId, status: { not: "ELIGIBLE" }, NOT: { flags: { isEmpty: true } } },
    select: { id: true, code: true, title: true, flags: true },
    orderBy: { code: "asc" },
  });
}

/** A live file of an entry of the contest (the entry's own or one of its parts'), or null. */
export function entryFile(db: Db, contestId: string, entryId: string, fileId: string) {
  return db.storedFile.findFirst({
    where: {
      id: fileId,
      deletedAt: null,
      OR: [{ entry: { id: entryId, contestId } }, { part: { entry: { id: entryId, contestId } } }],
    },
  });
}

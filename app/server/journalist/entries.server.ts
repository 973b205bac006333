import { CATEGORY_ORDER } from "../shared/category-order.server.ts";
import { entrySearchText } from "#app/domain/search.ts";
import type { EntryStatus, Prisma } from "#app/generated/prisma/client.ts";
import { fromIsoDate, toIsoDate } from "#app/domain/dates.ts";
import {
  checkEligibility,
  isOpenForChanges,
  type CategoryRules,
  type ContestRules,
  type RuleIssue,
} from "#app/domain/eligibility.ts";
import { percentToBp, type EntryForm } from "#app/domain/entry-form.ts";
import { EvidenceRulesSchema } from "#app/domain/evidence.ts";
import { normalizeName } from "#app/domain/text.ts";
import { audit } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { txGate } from "../shared/db-gate.server.ts";
import { DomainError, notFound } from "../shared/errors.server.ts";
import { loadEntry } from "./entry-load.server.ts";

/**
 * A journalist's own entries: loading (owner only), saving drafts and submitted entries
 * before the deadline. Submission and withdrawal are in submission.server.ts.
 */
export const entryInclude = {
  contest: true,
  category: true,
  parts: {
    orderBy: { position: "asc" },
    include: { files: { where: { deletedAt: null }, orderBy: { createdAt: "asc" } } },
  },
  authors: { orderBy: { position: "asc" } },
} satisfies Prisma.EntryInclude;

export type OwnEntry = Prisma.EntryGetPayload<{ include: typeof entryInclude }>;

/** Broken rules of an entry (refusal entry_rules), each shown next to its field. */
export class RuleError extends DomainError {
  constructor(public readonly issues: RuleIssue[]) {
    super("entry_rules", { rules: issues.map((i) => i.rule).join(",") });
    this.name = "RuleError";
  }
}

type ContestRow = Prisma.ContestGetPayload<object>;
type CategoryRow = Prisma.CategoryGetPayload<object>;

export function contestRulesOf(
  c: Pick<
    ContestRow,
    | "phase"
    | "publicationStart"
    | "publicationEnd"
    | "submissionDeadline"
    | "timeZone"
    | "maxPartsPerEntry"
    | "maxAuthorsPerEntry"
  >,
): ContestRules {
  return {
    phase: c.phase,
    publicationStart: toIsoDate(c.publicationStart),
    publicationEnd: toIsoDate(c.publicationEnd),
    submissionDeadline: toIsoDate(c.submissionDeadline),
    timeZone: c.timeZone,
    maxPartsPerEntry: c.maxPartsPerEntry,
    maxAuthorsPerEntry: c.maxAuthorsPerEntry,
  };
}

export function categoryRulesOf(c: CategoryRow): CategoryRules {
  return { urlRequired: c.urlRequired, evidenceRules: EvidenceRulesSchema.parse(c.evidenceRules) };
}

/**
 * The entry if `userId` submitted it. Anyone else gets 404, not 403: strangers do not even
 * learn that the entry exists.
 */
export async function getOwnEntry(db: DbTx, userId: string, entryId: string): Promise<OwnEntry> {
  // One round trip instead of Prisma's six (see entry-load.server.ts): every editor request does this.
  const entry = await loadEntry(db, entryId);
  if (!entry || entry.submitterId !== userId) throw notFound();
  return entry;
}

/** A contest open to the public (not a draft) with its categories, or 404. */
export async function getPublicContest(db: Db, slug: string) {
  const contest = await db.contest.findFirst({
    where: { slug, phase: { not: "DRAFT" } },
    include: { categories: { orderBy: CATEGORY_ORDER } },
  });
  if (!contest) throw notFound();
  return contest;
}

/** The entry as the editor's form values. */
export function formOf(entry: OwnEntry): EntryForm & { version: number } {
  return {
    version: entry.version,
    categoryId: entry.categoryId,
    title: entry.title,
    summary: entry.summary,
    outlet: entry.outlet,
    kind: entry.kind,
    parts: entry.parts.map((p) => ({ title: p.title, publishedOn: toIsoDate(p.publishedOn), url: p.url })),
    authors: entry.authors.map((a) => ({
      fullName: a.fullName,
      penName: a.penName,
      agency: a.agency,
      email: a.email,
      sharePercent: a.shareBp / 100,
    })),
    declaredOriginal: entry.declaredOriginal,
    declaredOtherAward: entry.declaredOtherAward,
    otherAwardDetails: entry.otherAwardDetails,
  };
}

/** Evidence files as the eligibility check sees them: by part index and sniffed type. */
export function filesByPart(entry: OwnEntry): { partIndex: number; mimeType: string }[] {
  return entry.parts.flatMap((p, i) => p.files.map((f) => ({ partIndex: i, mimeType: f.mimeType })));
}

export function assertOpen(contest: ContestRow): void {
  if (!isOpenForChanges(contestRulesOf(contest), now())) {
    throw new DomainError("deadline");
  }
}

export function assertChangeable(entry: { status: string }): void {
  if (entry.status !== "DRAFT" && entry.status !== "SUBMITTED") {
    throw new DomainError("readonly");
  }
}

/**
 * Creates a draft (no `entryId`) or saves changes. A submitted entry stays submitted, so it
 * must still meet every rule after the change; a draft may be incomplete.
 */
export async function saveEntry(
  db: Db,
  input: { userId: string; contestId: string; entryId?: string; form: EntryForm; requestId?: string },
): Promise<{ id: string }> {
  const { form } = input;
  const contest = await db.contest.findUniqueOrThrow({ where: { id: input.contestId } });
  assertOpen(contest);
  const category = await db.category.findFirst({ where: { id: form.categoryId, contestId: contest.id } });
  if (!category) throw new DomainError("category");
  const existing = input.entryId ? await getOwnEntry(db, input.userId, input.entryId) : null;
  if (existing) {
    if (existing.contestId !== contest.id) throw notFound();
    assertChangeable(existing);
    if (form.version !== undefined && form.version !== existing.version) {
      throw new DomainError("stale");
    }
    if (existing.status === "SUBMITTED") {
      if (existing.categoryId !== category.id) {
        throw new DomainError("category_locked");
      }
      const files = filesByPart(existing).filter((f) => f.partIndex < form.parts.length);
      const issues = checkEligibility(form, contestRulesOf(contest), categoryRulesOf(category), now(), files);
      if (issues.length) throw new RuleError(issues);
    }
  }
  const data = {
    categoryId: category.id,
    title: form.title,
    summary: form.summary,
    outlet: form.outlet,
    kind: form.kind,
    declaredOriginal: form.declaredOriginal,
    declaredOtherAward: form.declaredOtherAward,
    otherAwardDetails: form.declaredOtherAward ? form.otherAwardDetails : "",
  };
  const authors = form.authors.map((a, i) => ({
    position: i + 1,
    // The submitter is the first author; co-authors are people named, not accounts.
    userId: i === 0 ? input.userId : null,
    fullName: a.fullName,
    penName: a.penName,
    agency: a.agency,
    agencyNormalized: normalizeName(a.agency),
    email: a.email,
    shareBp: percentToBp(a.sharePercent),
  }));
  const searchText = entrySearchText({ title: form.title, outlet: form.outlet, authors, parts: form.parts });
  return txGate().run(() =>
    db.$transaction(
      async (tx) => {
        let id: string;
        if (!existing) {
          const created = await tx.entry.create({
            data: {
              ...data,
              searchText,
              contestId: contest.id,
              submitterId: input.userId,
              authors: { create: authors },
            },
          });
          id = created.id;
        } else {
          id = existing.id;
          // Conditional on the version we checked: two tabs saving at once cannot both win.
          const updated = await tx.entry.updateMany({
            where: { id, version: existing.version, status: existing.status },
            data: { ...data, searchText, version: { increment: 1 } },
          });
          if (updated.count !== 1) {
            throw new DomainError("stale");
          }
          await tx.entryAuthor.deleteMany({ where: { entryId: id } });
          await tx.entryAuthor.createMany({ data: authors.map((a) => ({ ...a, entryId: id })) });
          // Parts beyond the new count go, and their files with them (kept on disk, marked deleted).
          const dropped = existing.parts.filter((p) => p.position > form.parts.length).map((p) => p.id);
          if (dropped.length) {
            await tx.storedFile.updateMany({ where: { partId: { in: dropped } }, data: { deletedAt: now() } });
            await tx.entryPart.deleteMany({ where: { id: { in: dropped } } });
          }
        }
        // Parts are kept by position so their uploaded files stay attached across edits.
        for (const [i, p] of form.parts.entries()) {
          const values = { title: p.title, publishedOn: fromIsoDate(p.publishedOn), url: p.url };
          await tx.entryPart.upsert({
            where: { entryId_position: { entryId: id, position: i + 1 } },
            create: { entryId: id, position: i + 1, ...values },
            update: values,
          });
        }
        await audit(tx, {
          actorId: input.userId,
          action: existing ? "entry.update" : "entry.create",
          targetType: "Entry",
          targetId: id,
          contestId: contest.id,
          entryId: id,
          before: existing
            ? { version: existing.version, title: existing.title, parts: existing.parts.length }
            : undefined,
          after: { title: form.title, parts: form.parts.length, authors: form.authors.length },
          requestId: input.requestId,
        });
        return { id };
      },
      { maxWait: 20_000, timeout: 20_000 },
    ),
  );
}

export interface MyEntryRow {
  id: string;
  code: string | null;
  title: string;
  status: EntryStatus;
  statusReason: string;
  contestNameVi: string;
  contestNameEn: string;
  categoryNameVi: string;
  categoryNameEn: string;
}

/** The "my entries" list, newest first: one query (Prisma loaded contest and category with one each). */
export function listMyEntries(db: Db, userId: string): Promise<MyEntryRow[]> {
  return db.$queryRaw<MyEntryRow[]>`
    SELECT e.id, e.code, e.title, e.status::text AS status, e."statusReason",
           c."nameVi" AS "contestNameVi", c."nameEn" AS "contestNameEn",
           cat."nameVi" AS "categoryNameVi", cat."nameEn" AS "categoryNameEn"
    FROM "Entry" e
    JOIN "Contest" c ON c.id = e."contestId"
    JOIN "Category" cat ON cat.id = e."categoryId"
    WHERE e."submitterId" = ${userId}
    ORDER BY e."createdAt" DESC, e.id DESC`;
}

/** A contest's categories (all fields), in display order: the entry editor's choices. */
export function contestCategories(db: Db, contestId: string) {
  return db.category.findMany({ where: { contestId }, orderBy: CATEGORY_ORDER });
}

/**
 * The organizer's entries: the filtered table (fast at 10,000 entries), one entry's details,
 * the automatic flags and the eligibility decisions (one or many; the submitter is mailed).
 */
import { z } from "zod";
import type { EntryStatus, Prisma } from "#app/generated/prisma/client.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { computeFlags, FLAG_CODES, type FlagCode } from "#app/domain/eligibility-flags.ts";
import { EvidenceRulesSchema } from "#app/domain/evidence.ts";
import { eligibilityDecisionMail } from "#emails/journalist/eligibility-decision.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { appUrl } from "#app/server/shared/env.server.ts";
import { DomainError } from "#app/server/shared/errors.server.ts";
import { enqueueMail } from "#app/server/shared/mail.server.ts";
import { changeEntryStatus } from "#app/server/shared/status.server.ts";
import type { Refusal } from "#app/domain/errors.ts";
import { canDecideEligibility } from "#app/domain/status.ts";
import { pickLocale } from "#app/domain/text.ts";
import { searchQuery } from "#app/domain/search.ts";
import { CATEGORY_ORDER } from "#app/server/shared/category-order.server.ts";

export const SORTS = ["code", "title", "submittedAt", "status"] as const;
export const EntryFiltersSchema = z.object({
  q: z.string().trim().max(200).default(""),
  category: z.string().max(40).default(""),
  // Drafts stay the journalist's business: never listed to organizers.
  status: z.enum(["", "SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN"]).catch(""),
  channel: z.enum(["", "ONLINE", "POSTAL"]).catch(""),
  flag: z.enum(["", "any", ...FLAG_CODES]).catch(""),
  sort: z.enum(SORTS).catch("code"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce.number().int().min(10).max(200).catch(50),
});
export type EntryFilters = z.infer<typeof EntryFiltersSchema>;

export function entryWhere(contestId: string, f: EntryFilters): Prisma.EntryWhereInput {
  const where: Prisma.EntryWhereInput = {
    contestId,
    // Drafts are the journalist's business until submitted.
    status: f.status ? (f.status as EntryStatus) : { not: "DRAFT" },
    ...(f.category ? { category: { code: f.category } } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.flag === "any" ? { NOT: { flags: { isEmpty: true } } } : f.flag ? { flags: { has: f.flag } } : {}),
  };
  const key = searchQuery(f.q);
  if (key) {
    // One column of the Entry row (no joins): title, outlet, authors and URLs are in searchText,
    // already lower-cased without diacritics, so a plain LIKE on the normalised query is enough.
    where.OR = [{ code: { contains: f.q, mode: "insensitive" } }, { searchText: { contains: key } }];
  }
  return where;
}

export async function listEntries(db: Db, contestId: string, f: EntryFilters) {
  const where = entryWhere(contestId, f);
  // Only nullable columns accept a nulls position; the id keeps pages stable between ties.
  const first: Prisma.EntryOrderByWithRelationInput =
    f.sort === "code" || f.sort === "submittedAt" ? { [f.sort]: { sort: f.dir, nulls: "last" } } : { [f.sort]: f.dir };
  const orderBy: Prisma.EntryOrderByWithRelationInput[] = [first, { id: "asc" }];
  // The contest's categories once, for the filter and each row's name: a category relation per
  // row was a query of its own, as was the page's filter list (PGlite pays dearly per query).
  const [total, rows, categories] = await Promise.all([
    db.entry.count({ where }),
    db.entry.findMany({
      where,
      orderBy,
      skip: (f.page - 1) * f.size,
      take: f.size,
      select: {
        id: true,
        code: true,
        title: true,
        outlet: true,
        status: true,
        channel: true,
        flags: true,
        submittedAt: true,
        postmarkDate: true,
        categoryId: true,
        authors: { orderBy: { position: "asc" }, take: 3, select: { fullName: true, penName: true } },
      },
    }),
    db.category.findMany({
      where: { contestId },
      orderBy: CATEGORY_ORDER,
      select: { id: true, code: true, nameVi: true, nameEn: true },
    }),
  ]);
  const byId = new Map(categories.map(({ id, ...c }) => [id, c]));
  return {
    total,
    categories: [...byId.values()],
    rows: rows.map(({ categoryId, ...r }) => ({
      ...r,
      // An entry's category is one of its contest's (the same contest is in the where).
      category: byId.get(categoryId) ?? { code: "", nameVi: "", nameEn: "" },
      submittedAt: r.submittedAt?.toISOString() ?? null,
      postmarkDate: r.postmarkDate ? toIsoDate(r.postmarkDate) : null,
    })),
  };
}

export async function getEntryDetail(db: Db, contestId: string, entryId: string) {
  return db.entry.findFirst({
    where: { id: entryId, contestId },
    include: {
      category: true,
      submitter: { select: { id: true, name: true, email: true, phone: true } },
      registeredBy: { select: { name: true } },
      parts: { orderBy: { position: "asc" }, include: { files: { where: { deletedAt: null } } } },
      authors: { orderBy: { position: "asc" } },
      files: { where: { deletedAt: null, partId: null } },
    },
  });
}

/** Recomputes every non-draft entry's flags and stores those that changed. Returns counts. */
export async function recomputeFlags(
  db: Db,
  contestId: string,
): Promise<{ entries: number; changed: number; flagged: number }> {
  const contest = await db.contest.findUniqueOrThrow({ where: { id: contestId }, include: { categories: true } });
  const categories = new Map(
    contest.categories.map((c) => [
      c.id,
      { urlRequired: c.urlRequired, evidenceRules: EvidenceRulesSchema.catch([]).parse(c.evidenceRules) },
    ]),
  );
  const entries = await db.entry.findMany({
    where: { contestId, status: { not: "DRAFT" } },
    select: {
      id: true,
      title: true,
      channel: true,
      submittedAt: true,
      postmarkDate: true,
      receivedDate: true,
      flags: true,
      categoryId: true,
      parts: { select: { publishedOn: true, url: true } },
      files: { where: { deletedAt: null }, select: { mimeType: true } },
      _count: { select: { authors: true } },
    },
  });
  const computed = computeFlags(
    entries.map((e) => ({
      id: e.id,
      title: e.title,
      channel: e.channel,
      submittedAt: e.submittedAt,
      postmarkDate: e.postmarkDate ? toIsoDate(e.postmarkDate) : null,
      receivedDate: e.receivedDate ? toIsoDate(e.receivedDate) : null,
      parts: e.parts.map((p) => ({ publishedOn: toIsoDate(p.publishedOn), url: p.url })),
      authorCount: e._count.authors,
      fileMimes: e.files.map((f) => f.mimeType),
      category: categories.get(e.categoryId)!,
    })),
    {
      publicationStart: toIsoDate(contest.publicationStart),
      publicationEnd: toIsoDate(contest.publicationEnd),
      submissionDeadline: toIsoDate(contest.submissionDeadline),
      timeZone: contest.timeZone,
      postmarkCounts: contest.postmarkCounts,
      maxPartsPerEntry: contest.maxPartsPerEntry,
      maxAuthorsPerEntry: contest.maxAuthorsPerEntry,
    },
  );
  // One UPDATE per distinct flag set instead of one per entry.
  const groups = new Map<string, { flags: FlagCode[]; ids: string[] }>();
  let flagged = 0;
  for (const e of entries) {
    const flags = computed.get(e.id)!;
    if (flags.length) flagged += 1;
    if (flags.join(",") === e.flags.join(",")) continue;
    const g = groups.get(flags.join(",")) ?? { flags, ids: [] };
    g.ids.push(e.id);
    groups.set(flags.join(","), g);
  }
  let changed = 0;
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += 5000) {
      const r = await db.entry.updateMany({
        where: { id: { in: g.ids.slice(i, i + 5000) } },
        data: { flags: g.flags },
      });
      changed += r.count;
    }
  }
  return { entries: entries.length, changed, flagged };
}

export interface DecisionInput {
  contestId: string;
  entryIds: string[];
  decision: "ELIGIBLE" | "INELIGIBLE";
  reason: string;
  actorId: string;
}

/**
 * Decides eligibility entry by entry, each in its own transaction with its mail, so one entry
 * that cannot change (withdrawn, changed meanwhile) does not block the others; it is reported.
 */
export async function decideEligibility(
  db: Db,
  input: DecisionInput,
): Promise<{ done: string[]; failed: { id: string; code: string | null; refusal: Refusal }[] }> {
  const contest = await db.contest.findUniqueOrThrow({ where: { id: input.contestId } });
  if (input.decision === "INELIGIBLE" && !reasonLongEnough(input.reason, contest.minReasonIneligible)) {
    throw new DomainError("ineligible_reason_required", { min: contest.minReasonIneligible });
  }
  if (!canDecideEligibility(contest.phase)) {
    throw new DomainError("phase_eligibility");
  }
  const entries = await db.entry.findMany({
    where: { id: { in: input.entryIds }, contestId: input.contestId },
    include: { submitter: true },
  });
  const done: string[] = [];
  const failed: { id: string; code: string | null; refusal: Refusal }[] = [];
  for (const e of entries) {
    if (e.status === input.decision) {
      done.push(e.id); // already decided so: a double click changes nothing and mails nothing
      continue;
    }
    try {
      await db.$transaction(async (tx) => {
        await changeEntryStatus(tx, {
          entryId: e.id,
          to: input.decision,
          actorId: input.actorId,
          reason: input.reason.trim(),
        });
        const locale = e.submitter.locale === "en" ? "en" : "vi";
        await enqueueMail(tx, {
          to: e.submitter.email,
          template: "journalist/eligibility-decision",
          locale,
          message: eligibilityDecisionMail({
            locale,
            name: e.submitter.name,
            contestName: pickLocale(locale, contest.nameVi, contest.nameEn),
            code: e.code ?? "",
            title: e.title,
            eligible: input.decision === "ELIGIBLE",
            reason: input.reason.trim(),
            url: `${appUrl()}/me/entries`,
          }),
          dedupeKey: `eligibility:${e.id}:${e.version + 1}`,
        });
      });
      done.push(e.id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      failed.push({ id: e.id, code: e.code, refusal: { code: err.code, params: err.params } });
    }
  }
  for (const id of input.entryIds)
    if (!entries.some((e) => e.id === id)) failed.push({ id, code: null, refusal: { code: "entry_not_found" } });
  return { done, failed };
}

/**
 * The organizer's entries: the filtered table (fast at 10,000 entries), one entry's details,
 * the automatic flags and the eligibility decisions (one or many; the submitter is mailed).
 */
import { z } from "zod";
import { Prisma, type EntryStatus } from "#app/generated/prisma/client.ts";
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

export const SORTS = ["code", "title", "submittedAt", "status"] as const;
// An absent filter takes its default before the check (.default then .catch): a failed check
// builds an issue with its message, which for nine absent fields was most of parsing a query.
export const EntryFiltersSchema = z.object({
  q: z.string().trim().max(200).default(""),
  category: z.string().max(40).default(""),
  // Drafts stay the journalist's business: never listed to organizers.
  status: z.enum(["", "SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN"]).default("").catch(""),
  channel: z.enum(["", "ONLINE", "POSTAL"]).default("").catch(""),
  flag: z
    .enum(["", "any", ...FLAG_CODES])
    .default("")
    .catch(""),
  sort: z.enum(SORTS).default("code").catch("code"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  size: z.coerce.number().int().min(10).max(200).default(50).catch(50),
});
export type EntryFilters = z.infer<typeof EntryFiltersSchema>;

/**
 * The status and channel filters as SQL literals, not parameters: the statement is prepared, and
 * after five runs PostgreSQL keeps a generic plan that assumes every value is as common as the
 * average one. At 10,000 entries, status=WITHDRAWN (none) then walked the whole code index
 * (5.5 ms a page instead of 0.07 ms). With the value in the text, each value is a statement of
 * its own, planned with that value's statistics. The keys are the schema's enums, the SQL fixed.
 */
const STATUS_SQL: Record<Exclude<EntryFilters["status"], "">, Prisma.Sql> = {
  SUBMITTED: Prisma.raw(`'SUBMITTED'`),
  ELIGIBLE: Prisma.raw(`'ELIGIBLE'`),
  INELIGIBLE: Prisma.raw(`'INELIGIBLE'`),
  WITHDRAWN: Prisma.raw(`'WITHDRAWN'`),
};
const CHANNEL_SQL: Record<Exclude<EntryFilters["channel"], "">, Prisma.Sql> = {
  ONLINE: Prisma.raw(`'ONLINE'`),
  POSTAL: Prisma.raw(`'POSTAL'`),
};

const FLAG_CODES_SQL = Prisma.raw(`ARRAY[${FLAG_CODES.map((c) => `'${c}'`).join(", ")}]::text[]`);

/** The filters as SQL on `"Entry" e` (the same rows Prisma's filters of earlier versions chose). */
function entryWhere(contestId: Prisma.Sql, f: EntryFilters): Prisma.Sql {
  const parts = [
    Prisma.sql`e."contestId" = ${contestId}`,
    // Drafts are the journalist's business until submitted.
    f.status ? Prisma.sql`e."status" = ${STATUS_SQL[f.status]}::"EntryStatus"` : Prisma.sql`e."status" <> 'DRAFT'`,
  ];
  if (f.category) {
    parts.push(
      Prisma.sql`e."categoryId" IN (SELECT c."id" FROM "Category" c WHERE c."contestId" = ${contestId} AND c."code" = ${f.category})`,
    );
  }
  if (f.channel) parts.push(Prisma.sql`e."channel" = ${CHANNEL_SQL[f.channel]}::"EntryChannel"`);
  // As array operators, which the GIN index on flags serves (= ANY and <> '{}' are not indexable).
  // Flags are only ever FLAG_CODES (recomputeFlags stores computeFlags' codes), so sharing one of
  // them is having any.
  if (f.flag === "any") parts.push(Prisma.sql`e."flags" && ${FLAG_CODES_SQL}`);
  else if (f.flag) parts.push(Prisma.sql`e."flags" @> ARRAY[${f.flag}]::text[]`);
  const key = searchQuery(f.q);
  if (key) {
    // One column of the Entry row (no joins): title, outlet, authors and URLs are in searchText,
    // already lower-cased without diacritics, so a plain LIKE on the normalised query is enough.
    // As Prisma's `contains` did, % and _ in a query keep their LIKE meaning.
    parts.push(Prisma.sql`(e."code" ILIKE '%' || ${f.q} || '%' OR e."searchText" LIKE '%' || ${key} || '%')`);
  }
  return Prisma.join(parts, " AND ");
}

/** The table's order on alias `a`; only nullable columns take a nulls position; the id keeps pages stable between ties. */
function entryOrder(a: string, f: EntryFilters): Prisma.Sql {
  const dir = f.dir === "desc" ? "DESC" : "ASC";
  const nulls = f.sort === "code" || f.sort === "submittedAt" ? " NULLS LAST" : "";
  return Prisma.raw(`${a}."${f.sort}" ${dir}${nulls}, ${a}."id" ASC`);
}

export interface EntryRow {
  id: string;
  code: string | null;
  title: string;
  outlet: string;
  status: EntryStatus;
  channel: "ONLINE" | "POSTAL";
  flags: string[];
  submittedAt: string | null;
  category: { code: string; nameVi: string; nameEn: string };
  /** The first three, in order. */
  authors: { fullName: string; penName: string }[];
}

/** The table's columns, as text JSON arrays (see entryListColumns). */
export interface EntryListRaw {
  entryTotal: number | null;
  entryRows: string | null;
  entryCategories: string | null;
}

/**
 * One page of the table, its total and the contest's categories (for the filter and each row's
 * name) as three columns of one SELECT list: a round trip costs more than the rows (each query
 * is a socket write and a wake-up of the server, or a turn of the embedded database), and
 * Prisma's relation load took a second query for the authors. Rows come back as JSON arrays,
 * parsed once. Categories in CATEGORY_ORDER (category-order.server.ts): sortOrder, then id.
 *
 * `contestId` is a parameter or a column of an outer row not aliased e, p, a, x or c (the
 * entries page reads them in the statement that reads the contest, see loadOrganizedContest).
 */
export function entryListColumns(contestId: Prisma.Sql, f: EntryFilters): Prisma.Sql {
  const where = entryWhere(contestId, f);
  return Prisma.sql`
      (SELECT count(*) FROM "Entry" e WHERE ${where})::int AS "entryTotal",
      (SELECT json_agg(json_build_array(
          p."id", p."code", p."title", p."outlet", p."status"::text, p."channel"::text, p."flags",
          (extract(epoch FROM p."submittedAt") * 1000)::bigint, p."categoryId",
          (SELECT json_agg(json_build_array(a."fullName", a."penName") ORDER BY a."position")
           FROM (SELECT x."fullName", x."penName", x."position" FROM "EntryAuthor" x
                 WHERE x."entryId" = p."id" ORDER BY x."position" LIMIT 3) a)
        ) ORDER BY ${entryOrder("p", f)})::text
       FROM (SELECT e."id", e."code", e."title", e."outlet", e."status", e."channel", e."flags", e."submittedAt", e."categoryId"
             FROM "Entry" e WHERE ${where}
             ORDER BY ${entryOrder("e", f)} LIMIT ${f.size} OFFSET ${(f.page - 1) * f.size}) p) AS "entryRows",
      (SELECT json_agg(json_build_array(c."id", c."code", c."nameVi", c."nameEn") ORDER BY c."sortOrder", c."id")::text
       FROM "Category" c WHERE c."contestId" = ${contestId}) AS "entryCategories"`;
}

export type EntryList = { total: number; categories: EntryRow["category"][]; rows: EntryRow[] };

/** The table of one contest's entries, in a statement of its own. */
export async function listEntries(db: Db, contestId: string, f: EntryFilters): Promise<EntryList> {
  const [res] = await db.$queryRaw<EntryListRaw[]>`SELECT ${entryListColumns(Prisma.sql`${contestId}`, f)}`;
  return parseEntryList(res);
}

export function parseEntryList(res: EntryListRaw | undefined): EntryList {
  const categories = JSON.parse(res?.entryCategories ?? "[]") as [string, string, string, string][];
  const byId = new Map(categories.map(([id, code, nameVi, nameEn]) => [id, { code, nameVi, nameEn }]));
  type Row = [
    string,
    string | null,
    string,
    string,
    EntryStatus,
    EntryRow["channel"],
    string[] | null,
    number | null,
    string,
    [string, string][] | null,
  ];
  const rows = JSON.parse(res?.entryRows ?? "[]") as Row[];
  return {
    total: res?.entryTotal ?? 0,
    categories: [...byId.values()],
    rows: rows.map(([id, code, title, outlet, status, channel, flags, at, categoryId, authors]) => ({
      id,
      code,
      title,
      outlet,
      status,
      channel,
      flags: flags ?? [],
      submittedAt: at === null ? null : new Date(at).toISOString(),
      // An entry's category is one of its contest's (the same contest is in the where).
      category: byId.get(categoryId) ?? { code: "", nameVi: "", nameEn: "" },
      authors: (authors ?? []).map(([fullName, penName]) => ({ fullName, penName })),
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

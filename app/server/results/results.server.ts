import { tieReason } from "#app/domain/stored-reasons.ts";
import { CATEGORY_ORDER } from "../shared/category-order.server.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { allocateCategory, type CategoryAllocation, type Resolution } from "#app/domain/allocation.ts";
import { splitPrize } from "#app/domain/payouts.ts";
import { applyTieBreak, isPermutationOf, isTieBreakRule, tieBreakStats } from "#app/domain/tie-break.ts";
import { audit, type DbTx } from "../shared/audit.server.ts";
import { DomainError } from "../shared/errors.server.ts";
import type { Db } from "../shared/db.server.ts";
import { countingScores, previewRound } from "../organizer/rounds.server.ts";
import { documentPlace, pickLocale } from "#app/domain/text.ts";

/**
 * Final results of a contest, computed from the final round's submitted scores every time
 * (also before publication, for organizers and the CLI). Tie resolutions are decisions an
 * organizer made; they are stored as `tie.resolve` audit events (append-only, with who, when
 * and why) and applied on top of the computation. Award rows mirror the current allocation
 * and are frozen when the contest is published.
 */
type Locale = "vi" | "en";
const pick = pickLocale;

export interface ResultEntry {
  id: string;
  code: string;
  title: string;
  outlet: string;
  submitterId: string;
  authors: {
    id: string;
    position: number;
    fullName: string;
    penName: string;
    email: string;
    userId: string | null;
    shareBp: number;
  }[];
  judgeCount: number;
  tooFewJudges: boolean;
}

export interface CategoryResults {
  id: string;
  code: string;
  name: string;
  tiers: { id: string; position: number; name: string; count: number; amount: number; minScore: number | null }[];
  allocation: CategoryAllocation;
  /** Every tie at a boundary as computed without decisions, with the decision that settles it. */
  ties: { entryIds: string[]; aggregate: number; resolution: Resolution | null }[];
  entries: Record<string, ResultEntry>;
  payouts: Record<string, { authorId: string; amount: number }[]>;
  total: number;
}

export interface ContestResults {
  /** `place`: the date line's place on official documents (contest setting or organizer's province). */
  contest: {
    id: string;
    slug: string;
    name: string;
    phase: string;
    tieBreakRule: string;
    minReasonTie: number;
    organizerName: string;
    place: string;
    timeZone: string;
  };
  finalRound: { id: string; name: string; status: string; aggregation: string; closedAt: Date | null } | null;
  categories: CategoryResults[];
  total: number;
  unresolvedTies: number;
}

interface StoredResolution extends Resolution {
  categoryId: string;
  decidedById: string | null;
}

const setKey = (ids: readonly string[]) => [...ids].sort().join(",");

async function loadResolutions(db: DbTx, contestId: string): Promise<StoredResolution[]> {
  const events = await db.auditEvent.findMany({ where: { contestId, action: "tie.resolve" }, orderBy: { id: "asc" } });
  const latest = new Map<string, StoredResolution>();
  for (const e of events) {
    const a = e.after as {
      categoryId: string;
      order: string[][];
      decision: "TIE_RESOLVED" | "MANUAL";
      reason: string;
      rule?: string;
    };
    latest.set(setKey(a.order.flat()), {
      categoryId: a.categoryId,
      order: a.order,
      decision: a.decision,
      ...tieReason(a),
      decidedById: e.actorId,
    });
  }
  return [...latest.values()];
}

type Aggregate = Awaited<ReturnType<typeof previewRound>>["aggregates"][number];

/**
 * A closed round's stored aggregates of eligible entries, as one JSON value: through Prisma
 * the relation filter became a second query with 10,000 bound ids, and 10,000 decoded rows.
 */
async function storedAggregates(db: DbTx, roundId: string): Promise<Aggregate[]> {
  const [row] = await db.$queryRaw<{ out: string | null }[]>`
    SELECT json_agg(json_build_array(r."entryId", r."aggregate", r."judgeCount", r."tooFewJudges", e."categoryId"))::text AS "out"
    FROM "RoundResult" r JOIN "Entry" e ON e."id" = r."entryId"
    WHERE r."roundId" = ${roundId} AND e."status" = 'ELIGIBLE'`;
  const rows = JSON.parse(row?.out ?? "null") as [string, number | null, number, boolean, string][] | null;
  return (rows ?? []).map(([entryId, aggregate, judgeCount, tooFewJudges, categoryId]) => ({
    entryId,
    aggregate,
    judgeCount,
    tooFewJudges,
    categoryId,
  }));
}

/**
 * The results' entries with their authors in position order, one statement and one JSON value
 * (the ids go in as one JSON parameter, not as 10,000 bound values, twice, as Prisma sent them).
 */
async function resultEntries(
  db: DbTx,
  ids: string[],
): Promise<(Omit<ResultEntry, "judgeCount" | "tooFewJudges" | "code"> & { code: string | null })[]> {
  if (ids.length === 0) return [];
  const [row] = await db.$queryRaw<{ out: string | null }[]>`
    SELECT json_agg(json_build_array(e."id", e."code", e."title", e."outlet", e."submitterId", (
      SELECT json_agg(json_build_array(a."id", a."position", a."fullName", a."penName", a."email", a."userId", a."shareBp") ORDER BY a."position")
      FROM "EntryAuthor" a WHERE a."entryId" = e."id")))::text AS "out"
    FROM "Entry" e WHERE e."id" IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json))`;
  type AuthorRow = [string, number, string, string, string, string | null, number];
  const rows = JSON.parse(row?.out ?? "null") as
    [string, string | null, string, string, string, AuthorRow[] | null][] | null;
  return (rows ?? []).map(([id, code, title, outlet, submitterId, authors]) => ({
    id,
    code,
    title,
    outlet,
    submitterId,
    authors: (authors ?? []).map(([aid, position, fullName, penName, email, userId, shareBp]) => ({
      id: aid,
      position,
      fullName,
      penName,
      email,
      userId,
      shareBp,
    })),
  }));
}

export async function computeResults(db: DbTx, contestId: string, locale: Locale = "vi"): Promise<ContestResults> {
  const contest = await db.contest.findUnique({
    where: { id: contestId },
    include: {
      categories: { orderBy: CATEGORY_ORDER, include: { prizeTiers: { orderBy: { position: "asc" } } } },
      rounds: { orderBy: { position: "asc" } },
    },
  });
  if (!contest) throw new DomainError("contest_not_found");
  const finalRound = contest.rounds.find((r) => r.isFinal) ?? contest.rounds.at(-1) ?? null;
  // A closed round's aggregates are stored (RoundResult) and scores can no longer change:
  // reading them is much cheaper than re-aggregating every sheet (see tests/bench/results.ts).
  const aggregates = !finalRound
    ? []
    : finalRound.status === "CLOSED"
      ? await storedAggregates(db, finalRound.id)
      : (await previewRound(db, finalRound.id)).aggregates;
  const resolutions = await loadResolutions(db, contestId);
  const entryRows = await resultEntries(
    db,
    aggregates.map((a) => a.entryId),
  );
  const info = new Map(entryRows.map((e) => [e.id, e]));
  const categories = contest.categories.map((cat): CategoryResults => {
    const mine = aggregates.filter((a) => a.categoryId === cat.id);
    const tiers = cat.prizeTiers.map((t) => ({
      id: t.id,
      position: t.position,
      name: pick(locale, t.nameVi, t.nameEn),
      count: t.count,
      amount: t.amount,
      minScore: t.minScore,
    }));
    const decided = resolutions.filter((r) => r.categoryId === cat.id);
    const allocation = allocateCategory(mine, tiers, decided);
    const ties = allocateCategory(mine, tiers).conflicts.map((c) => ({
      entryIds: c.entryIds,
      aggregate: c.aggregate,
      resolution: decided.find((r) => setKey(r.order.flat()) === setKey(c.entryIds)) ?? null,
    }));
    const entries: Record<string, ResultEntry> = {};
    for (const a of mine) {
      const e = info.get(a.entryId)!;
      entries[a.entryId] = { ...e, code: e.code ?? "", judgeCount: a.judgeCount, tooFewJudges: a.tooFewJudges };
    }
    const payouts: CategoryResults["payouts"] = {};
    for (const award of allocation.awards) {
      const authors = entries[award.entryId]!.authors;
      payouts[award.entryId] = splitPrize(
        award.amount,
        authors.map((x) => ({ authorId: x.id, position: x.position, shareBp: x.shareBp })),
      );
    }
    return {
      id: cat.id,
      code: cat.code,
      name: pick(locale, cat.nameVi, cat.nameEn),
      tiers,
      allocation,
      ties,
      entries,
      payouts,
      total: allocation.awards.reduce((s, x) => s + x.amount, 0),
    };
  });
  return {
    contest: {
      id: contest.id,
      slug: contest.slug,
      name: pick(locale, contest.nameVi, contest.nameEn),
      phase: contest.phase,
      tieBreakRule: contest.tieBreakRule,
      minReasonTie: contest.minReasonTie,
      organizerName: contest.organizerName,
      place: documentPlace(contest.documentPlace, contest.organizerAddress),
      timeZone: contest.timeZone,
    },
    finalRound: finalRound
      ? {
          id: finalRound.id,
          name: pick(locale, finalRound.nameVi, finalRound.nameEn),
          status: finalRound.status,
          aggregation: finalRound.aggregation,
          closedAt: finalRound.closedAt,
        }
      : null,
    categories,
    total: categories.reduce((s, c) => s + c.total, 0),
    unresolvedTies: categories.reduce((s, c) => s + c.allocation.conflicts.length, 0),
  };
}

/**
 * Each ranked entry's rank in the final round, in the order tie decisions set (the same
 * ranking as computeResults, without loading entries): for the public page and the API.
 */
export async function decidedRanks(db: DbTx, contestId: string): Promise<Map<string, number | null>> {
  const rounds = await db.round.findMany({
    where: { contestId },
    orderBy: { position: "asc" },
    select: { id: true, isFinal: true },
  });
  const finalRound = rounds.find((r) => r.isFinal) ?? rounds.at(-1);
  if (!finalRound) return new Map();
  const [rows, resolutions] = await Promise.all([
    db.roundResult.findMany({
      where: { roundId: finalRound.id, entry: { status: "ELIGIBLE" } },
      select: { entryId: true, aggregate: true, entry: { select: { categoryId: true } } },
    }),
    loadResolutions(db, contestId),
  ]);
  const ranks = new Map<string, number | null>();
  for (const categoryId of new Set(rows.map((r) => r.entry.categoryId))) {
    const mine = rows.filter((r) => r.entry.categoryId === categoryId);
    const { ranking } = allocateCategory(
      mine,
      [],
      resolutions.filter((r) => r.categoryId === categoryId),
    );
    for (const r of ranking) ranks.set(r.entryId, r.rank);
  }
  return ranks;
}

/** Rewrites Award and AwardPayout rows from the current allocation (before publication only). */
export async function syncAwards(tx: DbTx, contestId: string): Promise<ContestResults> {
  const results = await computeResults(tx, contestId);
  if (results.contest.phase === "PUBLISHED") throw new DomainError("published");
  const resolutions = await loadResolutions(tx, contestId);
  const decidedBy = new Map<string, string | null>();
  for (const r of resolutions) for (const id of r.order.flat()) decidedBy.set(id, r.decidedById);
  await tx.award.deleteMany({ where: { contestId } });
  for (const cat of results.categories) {
    for (const a of cat.allocation.awards) {
      await tx.award.create({
        data: {
          contestId,
          categoryId: cat.id,
          tierId: a.tierId,
          entryId: a.entryId,
          amount: a.amount,
          decision: a.decision,
          reason: a.reason,
          decidedById: a.decision === "COMPUTED" ? null : (decidedBy.get(a.entryId) ?? null),
          payouts: { create: cat.payouts[a.entryId]!.map((p) => ({ authorId: p.authorId, amount: p.amount })) },
        },
      });
    }
  }
  return results;
}

export interface ResolveTieInput {
  contestId: string;
  categoryId: string;
  entryIds: string[];
  method: "RULE" | "MANUAL";
  /** MANUAL: every tied entry once, best first. */
  order?: string[];
  reason: string;
  actorId: string;
  requestId?: string;
}

/**
 * Resolves a reported tie by the contest's rule or by a manual order with a written reason.
 * A tie already resolved may be decided again (the latest decision counts; all stay audited).
 */
export async function resolveTie(tx: DbTx, input: ResolveTieInput): Promise<{ order: string[][] }> {
  const contest = await tx.contest.findUnique({
    where: { id: input.contestId },
    select: { phase: true, tieBreakRule: true, minReasonTie: true },
  });
  if (!contest) throw new DomainError("contest_not_found");
  if (contest.phase !== "RESULTS_REVIEW") throw new DomainError("tie_phase");
  const results = await computeResults(tx, input.contestId);
  const cat = results.categories.find((c) => c.id === input.categoryId);
  const raw = cat ? allocateCategory(cat.allocation.ranking, cat.tiers) : null;
  const conflict = raw?.conflicts.find((c) => setKey(c.entryIds) === setKey(input.entryIds));
  if (!cat || !conflict) throw new DomainError("tie_not_found");
  let order: string[][];
  let decision: Resolution["decision"];
  if (input.method === "MANUAL") {
    if (!reasonLongEnough(input.reason, contest.minReasonTie))
      throw new DomainError("reason_required", { min: contest.minReasonTie });
    if (!input.order || !isPermutationOf(input.order, conflict.entryIds)) {
      throw new DomainError("bad_order");
    }
    order = input.order.map((id) => [id]);
    decision = "MANUAL";
  } else {
    if (!isTieBreakRule(contest.tieBreakRule)) throw new DomainError("no_rule", { rule: contest.tieBreakRule });
    const sheets = await finalSheets(tx, results.finalRound!.id, conflict.entryIds);
    order = applyTieBreak(
      contest.tieBreakRule,
      conflict.entryIds.map((id) => tieBreakStats(id, sheets)),
    );
    decision = "TIE_RESOLVED";
    const check = allocateCategory(cat.allocation.ranking, cat.tiers, [{ order, decision, reason: "" }]);
    if (check.conflicts.some((c) => c.entryIds.every((id) => conflict.entryIds.includes(id)))) {
      throw new DomainError("rule_cannot_separate");
    }
  }
  // Decided by the rule: the rule is stored, its name is worded when shown (in the reader's language).
  const reason = input.reason.trim();
  const rule = decision === "TIE_RESOLVED" ? { rule: contest.tieBreakRule } : {};
  await audit(tx, {
    actorId: input.actorId,
    action: "tie.resolve",
    targetType: "Category",
    targetId: input.categoryId,
    contestId: input.contestId,
    before: { entryIds: conflict.entryIds, aggregate: conflict.aggregate, placements: conflict.placements },
    after: { categoryId: input.categoryId, order, decision, reason, ...rule },
    requestId: input.requestId,
  });
  await syncAwards(tx, input.contestId);
  return { order };
}

/** Score sheets (values by criterion position) of the final round, for the tie-break rule. */
async function finalSheets(tx: DbTx, roundId: string, entryIds: string[]) {
  const scores = await tx.score.findMany({
    where: { roundId, entryId: { in: entryIds }, status: "SUBMITTED" },
    select: {
      entryId: true,
      judgeId: true,
      values: { select: { value: true, criterion: { select: { position: true, maxPoints: true } } } },
    },
  });
  return (await countingScores(tx, roundId, scores)).map((s) => ({
    entryId: s.entryId,
    values: s.values.map((v) => ({ position: v.criterion.position, value: v.value, maxPoints: v.criterion.maxPoints })),
  }));
}

/** `resolveTie` in a transaction of its own: what the organizer's results page posts. */
export function resolveTieNow(db: Db, input: ResolveTieInput): Promise<{ order: string[][] }> {
  return db.$transaction((tx) => resolveTie(tx, input));
}

import { toIsoDate } from "#app/domain/dates.ts";
import { judgesMayRead, judgesMayScore } from "#app/domain/status.ts";
import { validateScoreValues, weightedTotal, type ScoreValues, type ValueProblem } from "#app/domain/rubric.ts";
import { audit } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import { DomainError } from "../shared/errors.server.ts";
import { detectConflict } from "#app/domain/assignments.ts";
import { contestAgencyKey } from "../organizer/agencies.server.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { countingScores, roundEntries } from "../organizer/rounds.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import type { JudgeEntryView, JudgeFile } from "#app/domain/judging-view.ts";

/**
 * What judges see and do. Blind judging is enforced here, in what these functions select:
 * a judge's view of an entry never includes authors, pen names, agencies, the submitter or the
 * original file names (which often carry the author's name), unless the contest is not blind
 * and the round lets judges see authors.
 */

type Locale = "vi" | "en";
const pick = pickLocale;

export function judgesMaySeeAuthors(contest: { blindJudging: boolean }, round: { judgesSeeAuthors: boolean }): boolean {
  return !contest.blindJudging && round.judgesSeeAuthors;
}

interface AssignedRow {
  entryId: string;
  roundId: string;
  position: number;
  roundNameVi: string;
  roundNameEn: string;
  status: "OPEN" | "CLOSED";
  contestId: string;
  slug: string;
  contestNameVi: string;
  contestNameEn: string;
  code: string | null;
  title: string;
  categoryNameVi: string;
  categoryNameEn: string;
  /** The judge's score of it, if any. */
  scoreStatus: "DRAFT" | "SUBMITTED" | null;
}

interface OpenRoundRow {
  id: string;
  contestId: string;
  position: number;
  source: "ALL_ELIGIBLE" | "ADVANCED";
  onlyAssignedEntries: boolean;
  nameVi: string;
  nameEn: string;
  status: "OPEN" | "CLOSED";
  slug: string;
  contestNameVi: string;
  contestNameEn: string;
}

export interface JudgeRoundSummary {
  contestId: string;
  contestSlug: string;
  contestName: string;
  roundId: string;
  roundName: string;
  status: "PENDING" | "OPEN" | "CLOSED";
  total: number;
  submitted: number;
  drafts: number;
  entries: {
    entryId: string;
    code: string;
    title: string;
    category: string;
    scoreStatus: "NONE" | "DRAFT" | "SUBMITTED";
  }[];
}

/** A judge's home: every round with assignments, progress and the entries to score. */
export async function listJudgeWork(db: Db, judgeId: string, locale: Locale): Promise<JudgeRoundSummary[]> {
  // One statement instead of eight: Prisma loads each nested relation with a query of its own
  // (round, contest, entry, category, score), and this is the judge's home page. The assigned
  // entries come with the judge's score status; the rounds open to the whole panel (with the
  // judge's grants) in a second column. Never a PENDING round: judges see a round's work only
  // once it is open.
  const [{ assigned, openRounds }] = await db.$queryRaw<[{ assigned: AssignedRow[]; openRounds: OpenRoundRow[] }]>`
    SELECT
      COALESCE((SELECT json_agg(json_build_object(
                  'entryId', a."entryId", 'roundId', r.id, 'position', r.position, 'roundNameVi', r."nameVi",
                  'roundNameEn', r."nameEn", 'status', r.status, 'contestId', r."contestId", 'slug', c.slug,
                  'contestNameVi', c."nameVi", 'contestNameEn', c."nameEn", 'code', e.code, 'title', e.title,
                  'categoryNameVi', cat."nameVi", 'categoryNameEn', cat."nameEn", 'scoreStatus', s.status))
                FROM "Assignment" a
                JOIN "Round" r ON r.id = a."roundId"
                JOIN "Contest" c ON c.id = r."contestId"
                JOIN "Entry" e ON e.id = a."entryId"
                JOIN "Category" cat ON cat.id = e."categoryId"
                LEFT JOIN "Score" s ON s."roundId" = a."roundId" AND s."entryId" = a."entryId" AND s."judgeId" = a."judgeId"
                WHERE a."judgeId" = ${judgeId} AND r.status IN ('OPEN', 'CLOSED')), '[]'::json) AS assigned,
      -- Rounds open to the whole panel add the entries the judge may score without an assignment.
      COALESCE((SELECT json_agg(json_build_object(
                  'id', r.id, 'contestId', r."contestId", 'position', r.position, 'source', r.source,
                  'onlyAssignedEntries', r."onlyAssignedEntries", 'nameVi', r."nameVi", 'nameEn', r."nameEn",
                  'status', r.status, 'slug', c.slug, 'contestNameVi', c."nameVi", 'contestNameEn', c."nameEn"))
                FROM "Round" r JOIN "Contest" c ON c.id = r."contestId"
                WHERE r."onlyAssignedEntries" = false AND r.status IN ('OPEN', 'CLOSED')
                  AND r."contestId" IN (SELECT g."contestId" FROM "RoleGrant" g
                                        WHERE g."userId" = ${judgeId} AND g.role = 'JUDGE' AND g."contestId" IS NOT NULL)),
               '[]'::json) AS "openRounds"`;
  const status = new Map(assigned.map((a) => [`${a.roundId}:${a.entryId}`, a.scoreStatus ?? "NONE"] as const));
  const items = assigned.map((a) => ({
    entryId: a.entryId,
    round: {
      id: a.roundId,
      contestId: a.contestId,
      position: a.position,
      nameVi: a.roundNameVi,
      nameEn: a.roundNameEn,
      status: a.status,
      contest: { slug: a.slug, nameVi: a.contestNameVi, nameEn: a.contestNameEn },
    },
    entry: { code: a.code, title: a.title, category: { nameVi: a.categoryNameVi, nameEn: a.categoryNameEn } },
  }));
  const opened: typeof items = [];
  for (const row of openRounds) {
    const r = { ...row, contest: { slug: row.slug, nameVi: row.contestNameVi, nameEn: row.contestNameEn } };
    for (const e of await openRoundEntries(db, judgeId, r)) {
      if (status.has(`${r.id}:${e.id}`)) continue;
      opened.push({ entryId: e.id, round: r, entry: { code: e.code, title: e.title, category: e.category } });
    }
  }
  if (opened.length) {
    // Entries scored without an assignment: their status is not in the statement above.
    const scores = await db.score.findMany({
      where: { judgeId, roundId: { in: [...new Set(opened.map((a) => a.round.id))] } },
      select: { roundId: true, entryId: true, status: true },
    });
    for (const sc of scores)
      if (!status.has(`${sc.roundId}:${sc.entryId}`)) status.set(`${sc.roundId}:${sc.entryId}`, sc.status);
    items.push(...opened);
  }
  items.sort((x, y) => x.round.position - y.round.position || (x.entry.code ?? "").localeCompare(y.entry.code ?? ""));
  const rounds = new Map<string, JudgeRoundSummary>();
  for (const a of items) {
    let r = rounds.get(a.round.id);
    if (!r) {
      r = {
        contestId: a.round.contestId,
        contestSlug: a.round.contest.slug,
        contestName: pick(locale, a.round.contest.nameVi, a.round.contest.nameEn),
        roundId: a.round.id,
        roundName: pick(locale, a.round.nameVi, a.round.nameEn),
        status: a.round.status,
        total: 0,
        submitted: 0,
        drafts: 0,
        entries: [],
      };
      rounds.set(a.round.id, r);
    }
    const s = status.get(`${a.round.id}:${a.entryId}`) ?? "NONE";
    r.total += 1;
    if (s === "SUBMITTED") r.submitted += 1;
    if (s === "DRAFT") r.drafts += 1;
    r.entries.push({
      entryId: a.entryId,
      code: a.entry.code ?? "",
      title: a.entry.title,
      category: pick(locale, a.entry.category.nameVi, a.entry.category.nameEn),
      scoreStatus: s,
    });
  }
  return [...rounds.values()];
}

type OpenRound = {
  id: string;
  contestId: string;
  position: number;
  source: "ALL_ELIGIBLE" | "ADVANCED";
  onlyAssignedEntries: boolean;
};

/**
 * Entries of a round a judge may judge without an assignment: none while the round shows
 * judges only their assigned entries (`onlyAssignedEntries`, the default); otherwise every
 * entry of the round in the categories the judge's grants cover, except the judge's own, a
 * colleague's (same agency as an author) and those with a conflict declaration — the same
 * exclusions as assignment generation. `onlyEntryIds` narrows the check to a few entries.
 */
export async function openRoundEntries(db: DbTx, judgeId: string, round: OpenRound, onlyEntryIds?: string[]) {
  if (round.onlyAssignedEntries) return [];
  const [grants, judge, declarations] = await Promise.all([
    db.roleGrant.findMany({
      where: {
        userId: judgeId,
        role: "JUDGE",
        contestId: round.contestId,
        OR: [{ roundId: null }, { roundId: round.id }],
      },
      select: { categoryId: true },
    }),
    db.user.findUnique({
      where: { id: judgeId },
      select: { id: true, email: true, disabledAt: true, profile: { select: { agency: true } } },
    }),
    db.conflictDeclaration.findMany({
      where: { judgeId, OR: [{ roundId: null }, { roundId: round.id }] },
      select: { entryId: true },
    }),
  ]);
  if (!judge || judge.disabledAt || grants.length === 0) return [];
  const everyCategory = grants.some((g) => g.categoryId === null);
  const categories = new Set(grants.map((g) => g.categoryId));
  const declared = new Set(declarations.map((d) => d.entryId));
  const candidates = (await roundEntries(db, round)).filter(
    (e) =>
      (everyCategory || categories.has(e.categoryId)) &&
      !declared.has(e.id) &&
      (!onlyEntryIds || onlyEntryIds.includes(e.id)),
  );
  if (candidates.length === 0) return [];
  const rows = await db.entry.findMany({
    where: { id: { in: candidates.map((e) => e.id) } },
    select: {
      id: true,
      code: true,
      title: true,
      categoryId: true,
      category: { select: { nameVi: true, nameEn: true } },
      authors: { select: { userId: true, email: true, agency: true } },
    },
    orderBy: { code: "asc" },
  });
  const me = { id: judge.id, email: judge.email, agency: judge.profile?.agency ?? "" };
  const agencyKey = await contestAgencyKey(db, round.contestId);
  return rows
    .filter((e) => !detectConflict(me, { id: e.id, authors: e.authors }, agencyKey))
    .map(({ authors: _a, ...e }) => e);
}

/**
 * Loads the round and the judge's right to judge the entry (an assignment, or a round open to
 * the whole panel), or throws 404 (never says whose entry it is).
 */
export async function requireAssignment(db: Db, judgeId: string, roundId: string, entryId: string) {
  const roundInclude = {
    criteria: { orderBy: { position: "asc" } },
    contest: {
      select: {
        id: true,
        slug: true,
        phase: true,
        blindJudging: true,
        nameVi: true,
        nameEn: true,
        minReasonConflict: true,
      },
    },
  } as const;
  const assignment = await db.assignment.findUnique({
    where: { roundId_entryId_judgeId: { roundId, entryId, judgeId } },
    select: { id: true, round: { include: roundInclude }, entry: { select: { categoryId: true } } },
  });
  if (assignment) {
    // A round not yet open is invisible to its judges: same 404 as an entry not assigned to them.
    if (!judgesMayRead(assignment.round.status)) throw new DomainError("not_assigned");
    return { ...assignment, open: false };
  }
  const round = await db.round.findUnique({ where: { id: roundId }, include: roundInclude });
  // A round not yet open shows nothing to judges without an assignment.
  if (round && !round.onlyAssignedEntries && judgesMayRead(round.status)) {
    const [entry] = await openRoundEntries(db, judgeId, round, [entryId]);
    if (entry) return { id: null, round, entry: { categoryId: entry.categoryId }, open: true };
  }
  throw new DomainError("not_assigned");
}

/** Whether a judge may read an entry (its files) in some OPEN or CLOSED round of its contest. */
export async function judgeMayReadEntry(db: Db, judgeId: string, entryId: string, contestId: string): Promise<boolean> {
  const assigned = await db.assignment.findFirst({
    where: { judgeId, entryId, round: { status: { in: ["OPEN", "CLOSED"] } } },
    select: { id: true },
  });
  if (assigned) return true;
  const rounds = await db.round.findMany({
    where: { contestId, onlyAssignedEntries: false, status: { in: ["OPEN", "CLOSED"] } },
  });
  for (const r of rounds) if ((await openRoundEntries(db, judgeId, r, [entryId])).length > 0) return true;
  return false;
}

export async function getJudgeEntry(
  db: Db,
  judgeId: string,
  roundId: string,
  entryId: string,
  locale: Locale,
): Promise<JudgeEntryView> {
  const { round } = await requireAssignment(db, judgeId, roundId, entryId);
  const showAuthors = judgesMaySeeAuthors(round.contest, round);
  const entry = await db.entry.findUniqueOrThrow({
    where: { id: entryId },
    select: {
      id: true,
      code: true,
      title: true,
      summary: true,
      outlet: true,
      kind: true,
      category: { select: { nameVi: true, nameEn: true } },
      parts: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, title: true, publishedOn: true, url: true },
      },
      files: {
        where: { deletedAt: null },
        orderBy: { createdAt: "asc" },
        select: { id: true, partId: true, mimeType: true, sizeBytes: true },
      },
      ...(showAuthors
        ? {
            authors: { orderBy: { position: "asc" as const }, select: { fullName: true, penName: true, agency: true } },
          }
        : {}),
    },
  });
  const label = (i: number) => getI18n(locale).t("judging:fileLabel", { n: i + 1 });
  const files: (JudgeFile & { partId: string | null })[] = entry.files.map((f, i) => ({
    id: f.id,
    partId: f.partId,
    mimeType: f.mimeType,
    sizeBytes: Number(f.sizeBytes),
    label: label(i),
  }));
  const strip = ({ partId: _p, ...f }: JudgeFile & { partId: string | null }): JudgeFile => f;
  const [own, others, siblings] = await Promise.all([
    db.score.findUnique({
      where: { roundId_entryId_judgeId: { roundId, entryId, judgeId } },
      include: { values: true },
    }),
    round.judgesSeeOtherScores
      ? db.score
          .findMany({
            where: { roundId, entryId, judgeId: { not: judgeId }, status: "SUBMITTED" },
            include: { values: true },
          })
          .then((rows) => countingScores(db, roundId, rows))
      : Promise.resolve([]),
    db.assignment
      .findMany({ where: { judgeId, roundId }, select: { entryId: true, entry: { select: { code: true } } } })
      .then(async (assigned) => {
        const open = await openRoundEntries(db, judgeId, round);
        const all = new Map([
          ...assigned.map((a) => [a.entryId, a.entry.code ?? ""] as const),
          ...open.map((e) => [e.id, e.code ?? ""] as const),
        ]);
        return [...all].sort((a, b) => a[1].localeCompare(b[1])).map(([id]) => ({ entryId: id }));
      }),
  ]);
  const criteria = round.criteria.map((c) => ({
    id: c.id,
    position: c.position,
    maxPoints: c.maxPoints,
    weight: c.weight,
  }));
  const toValues = (vals: { criterionId: string; value: number }[]) =>
    Object.fromEntries(vals.map((v) => [v.criterionId, v.value]));
  const ownValues = own ? toValues(own.values) : {};
  const i = siblings.findIndex((s) => s.entryId === entryId);
  // Others' scores only once the judge's own sheet is in, so they cannot anchor it.
  const ownSubmitted = own?.status === "SUBMITTED";
  const shown = round.judgesSeeOtherScores && ownSubmitted ? others : [];
  const letters = round.judgesSeeOtherScores
    ? await judgeLetters(db, round.contest.id, roundId)
    : new Map<string, number>();
  const labelOf = (id: string) => getI18n(locale).t("judging:judgeLabel", { letter: letterName(letters.get(id) ?? 0) });
  return {
    contest: { slug: round.contest.slug, name: pick(locale, round.contest.nameVi, round.contest.nameEn) },
    round: {
      id: round.id,
      name: pick(locale, round.nameVi, round.nameEn),
      open: judgesMayScore(round.status, round.contest.phase),
      seeOthers: round.judgesSeeOtherScores,
      scoreStep: round.scoreStep,
      minConflictReason: round.contest.minReasonConflict,
    },
    criteria: round.criteria.map((c) => ({
      id: c.id,
      position: c.position,
      name: pick(locale, c.nameVi, c.nameEn),
      description: pick(locale, c.descriptionVi, c.descriptionEn),
      maxPoints: c.maxPoints,
      weight: c.weight,
    })),
    entry: {
      id: entry.id,
      code: entry.code ?? "",
      title: entry.title,
      summary: entry.summary,
      outlet: entry.outlet,
      kind: entry.kind,
      category: pick(locale, entry.category.nameVi, entry.category.nameEn),
      parts: entry.parts.map((p) => ({
        position: p.position,
        title: p.title,
        publishedOn: toIsoDate(p.publishedOn),
        url: p.url,
        files: files.filter((f) => f.partId === p.id).map(strip),
      })),
      files: files.filter((f) => !f.partId || !entry.parts.some((p) => p.id === f.partId)).map(strip),
      ...("authors" in entry && entry.authors ? { authors: entry.authors } : {}),
    },
    score: {
      status: own?.status ?? "NONE",
      values: ownValues,
      comment: own?.comment ?? "",
      total: weightedTotal(criteria, ownValues),
      reopenReason: own?.reopenReason ?? "",
    },
    // Other judges stay anonymous to each other: "Giám khảo A", "B" … one letter per judge.
    others: shown
      .map((s) => ({
        letter: letters.get(s.judgeId) ?? 0,
        label: labelOf(s.judgeId),
        total: weightedTotal(criteria, toValues(s.values)),
        comment: s.comment,
      }))
      .sort((x, y) => x.letter - y.letter)
      .map(({ letter: _l, ...o }) => o),
    othersPending: round.judgesSeeOtherScores && !ownSubmitted,
    ownLabel: round.judgesSeeOtherScores ? labelOf(judgeId) : "",
    prevEntryId: i > 0 ? siblings[i - 1]!.entryId : null,
    nextEntryId: i >= 0 && i < siblings.length - 1 ? siblings[i + 1]!.entryId : null,
  };
}

/** 0 → "A", 25 → "Z", 26 → "AA": enough letters for any panel. */
function letterName(n: number): string {
  return (n >= 26 ? letterName(Math.floor(n / 26) - 1) : "") + String.fromCharCode(65 + (n % 26));
}

/**
 * Each judge's letter, the same on every entry of the contest's rounds: judges in the order
 * they were first granted the JUDGE role (then by id), so a judge added later never shifts
 * anyone's letter. A judge whose grant was revoked but whose score remains comes after them.
 */
async function judgeLetters(db: Db, contestId: string, roundId: string): Promise<Map<string, number>> {
  const [grants, scorers] = await Promise.all([
    db.roleGrant.findMany({
      where: { contestId, role: "JUDGE" },
      select: { userId: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    }),
    db.score.findMany({
      where: { roundId },
      select: { judgeId: true },
      distinct: ["judgeId"],
      orderBy: { judgeId: "asc" },
    }),
  ]);
  const order = new Map<string, number>();
  for (const id of [...grants.map((g) => g.userId), ...scorers.map((s) => s.judgeId)])
    if (!order.has(id)) order.set(id, order.size);
  return order;
}

export class ScoreValidationError extends DomainError {
  constructor(public readonly problems: Record<string, ValueProblem>) {
    super("score_invalid");
  }
}

export interface SaveScoreInput {
  judgeId: string;
  roundId: string;
  entryId: string;
  values: ScoreValues;
  comment: string;
  submit: boolean;
  requestId?: string;
}

/**
 * Saves a judge's draft (autosave) or submits the score. A submitted score is locked: only an
 * organizer can reopen it. The check and the write happen in one transaction with a
 * conditional update, so an autosave racing a submit cannot unlock or overwrite it.
 */
export async function saveScore(
  db: Db,
  input: SaveScoreInput,
): Promise<{ status: "DRAFT" | "SUBMITTED"; total: number | null }> {
  const { round } = await requireAssignment(db, input.judgeId, input.roundId, input.entryId);
  if (!judgesMayScore(round.status, round.contest.phase)) {
    throw new DomainError("round_closed");
  }
  const criteria = round.criteria.map((c) => ({
    id: c.id,
    position: c.position,
    maxPoints: c.maxPoints,
    weight: c.weight,
  }));
  const problems = validateScoreValues(criteria, input.values, { complete: input.submit, step: round.scoreStep });
  if (Object.keys(problems).length) throw new ScoreValidationError(problems);
  const t = now();
  // Stored with the submitted sheet: closing the round reads it instead of summing values.
  const total = weightedTotal(criteria, input.values);
  const storedTotal = input.submit ? total : null;
  return db.$transaction(async (tx) => {
    const key = { roundId_entryId_judgeId: { roundId: input.roundId, entryId: input.entryId, judgeId: input.judgeId } };
    const existing = await tx.score.findUnique({ where: key, select: { id: true, status: true } });
    if (existing?.status === "SUBMITTED") {
      throw new DomainError("score_locked");
    }
    const status = input.submit ? "SUBMITTED" : "DRAFT";
    let scoreId: string;
    if (existing) {
      const updated = await tx.score.updateMany({
        where: { id: existing.id, status: "DRAFT" },
        data: { status, comment: input.comment, submittedAt: input.submit ? t : null, weightedTotal: storedTotal },
      });
      if (updated.count !== 1) throw new DomainError("score_locked");
      scoreId = existing.id;
      await tx.scoreValue.deleteMany({ where: { scoreId } });
    } else {
      scoreId = (
        await tx.score.create({
          data: {
            roundId: input.roundId,
            entryId: input.entryId,
            judgeId: input.judgeId,
            status,
            comment: input.comment,
            submittedAt: input.submit ? t : null,
            weightedTotal: storedTotal,
          },
        })
      ).id;
    }
    const values = criteria
      .filter((c) => input.values[c.id] !== null && input.values[c.id] !== undefined)
      .map((c) => ({ scoreId, criterionId: c.id, value: input.values[c.id]! }));
    if (values.length) await tx.scoreValue.createMany({ data: values });
    if (input.submit) {
      await audit(tx, {
        actorId: input.judgeId,
        action: "score.submit",
        targetType: "Score",
        targetId: scoreId,
        contestId: round.contest.id,
        entryId: input.entryId,
        after: { roundId: input.roundId, values: input.values, total },
        requestId: input.requestId,
      });
    }
    return { status, total } as const;
  });
}

/** The round's contest and the entry's contest and category, to authorise a judge for both; null when either is missing. */
export async function roundEntryScope(db: Db, roundId: string, entryId: string) {
  const [round, entry] = await Promise.all([
    db.round.findUnique({ where: { id: roundId }, select: { contestId: true } }),
    db.entry.findUnique({ where: { id: entryId }, select: { categoryId: true, contestId: true } }),
  ]);
  return round && entry
    ? { roundContestId: round.contestId, entryContestId: entry.contestId, categoryId: entry.categoryId }
    : null;
}

/** A stored file with what a judge's access to it depends on (its entry, contest, category), or null. */
export function fileForJudge(db: Db, fileId: string) {
  return db.storedFile.findUnique({
    where: { id: fileId },
    select: {
      id: true,
      storageKey: true,
      mimeType: true,
      judgeStorageKey: true,
      judgeSizeBytes: true,
      deletedAt: true,
      entry: { select: { id: true, code: true, contestId: true, categoryId: true } },
    },
  });
}

import { GATED_TX, txGate } from "../shared/db-gate.server.ts";
import { CATEGORY_ORDER } from "../shared/category-order.server.ts";
/**
 * Assignment generation per round and category panel, and organizer recusals. Conflicts (an
 * author of the entry, the same press agency as an author, any recorded declaration) are never
 * assigned and are reported so the organizer sees each one.
 */
import {
  checkManualAssignment,
  checkManualRemoval,
  generateAssignments,
  type Conflict,
} from "#app/domain/assignments.ts";
import { audit } from "#app/server/shared/audit.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { DomainError, notFound } from "#app/server/shared/errors.server.ts";
import { notifyRoundJudges } from "#app/server/organizer/rounds.server.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { contestAgencyKey } from "./agencies.server.ts";

/** Entries a round judges in one category: all eligible ones, or those advanced from the previous round. */
async function roundEntries(
  db: Db,
  round: { id: string; contestId: string; position: number; source: string },
  categoryId: string,
) {
  const advancedFrom =
    round.source === "ADVANCED"
      ? await db.round.findFirst({
          where: { contestId: round.contestId, position: { lt: round.position } },
          orderBy: { position: "desc" },
        })
      : null;
  return db.entry.findMany({
    where: {
      contestId: round.contestId,
      categoryId,
      status: "ELIGIBLE",
      ...(round.source === "ADVANCED"
        ? { roundResults: { some: { roundId: advancedFrom?.id ?? "-", advanced: true } } }
        : {}),
    },
    select: {
      id: true,
      code: true,
      title: true,
      authors: { select: { userId: true, email: true, agency: true, fullName: true } },
    },
  });
}

/** Judges granted this round and category (a grant with no category or round covers all). */
async function panel(db: Db, contestId: string, roundId: string, categoryId: string) {
  const grants = await db.roleGrant.findMany({
    where: {
      contestId,
      role: "JUDGE",
      AND: [{ OR: [{ categoryId: null }, { categoryId }] }, { OR: [{ roundId: null }, { roundId }] }],
    },
    include: { user: { include: { profile: true } } },
  });
  const judges = new Map(grants.filter((g) => !g.user.disabledAt).map((g) => [g.userId, g.user]));
  return [...judges.values()];
}

export interface CategoryGeneration {
  categoryId: string;
  categoryName: string;
  created: number;
  removed: number;
  judges: number;
  entries: number;
  conflicts: (Conflict & { judgeName: string; entryCode: string })[];
  shortfalls: { entryCode: string; wanted: number; got: number }[];
  loads: { judgeName: string; load: number }[];
}

export async function generateForRound(
  db: Db,
  input: { contestId: string; roundId: string; actorId: string },
): Promise<CategoryGeneration[]> {
  const round = await db.round.findFirst({ where: { id: input.roundId, contestId: input.contestId } });
  if (!round) throw notFound();
  if (round.status === "CLOSED") throw new DomainError("assign_round_closed");
  const categories = await db.category.findMany({ where: { contestId: input.contestId }, orderBy: CATEGORY_ORDER });
  const agencyKey = await contestAgencyKey(db, input.contestId);
  const out: CategoryGeneration[] = [];
  for (const cat of categories) {
    const [entries, judges] = await Promise.all([
      roundEntries(db, round, cat.id),
      panel(db, input.contestId, round.id, cat.id),
    ]);
    const entryIds = entries.map((e) => e.id);
    const [declared, existing, scored] = await Promise.all([
      db.conflictDeclaration.findMany({
        where: { entryId: { in: entryIds }, OR: [{ roundId: null }, { roundId: round.id }] },
      }),
      db.assignment.findMany({
        where: { roundId: round.id, entry: { categoryId: cat.id } },
        select: { judgeId: true, entryId: true, overrideReason: true },
      }),
      db.score.findMany({
        where: { roundId: round.id, entry: { categoryId: cat.id } },
        select: { judgeId: true, entryId: true },
      }),
    ]);
    const result = generateAssignments({
      judges: judges.map((j) => ({ id: j.id, email: j.email, agency: j.profile?.agency ?? "" })),
      entries: entries.map((e) => ({ id: e.id, authors: e.authors })),
      judgesPerEntry: round.judgesPerEntry,
      declared: declared.map((d) => ({ judgeId: d.judgeId, entryId: d.entryId, reason: d.reason })),
      existing: existing.map((a) => ({ judgeId: a.judgeId, entryId: a.entryId, overridden: a.overrideReason !== "" })),
      agencyKey,
    });
    // A pair with a score is never removed silently: the scoring issue's recusal handles it.
    const hasScore = new Set(scored.map((s) => `${s.judgeId}:${s.entryId}`));
    const toRemove = result.toRemove.filter((a) => !hasScore.has(`${a.judgeId}:${a.entryId}`));
    // At 10,000 entries a category's pairs are tens of thousands of rows: one statement per
    // thousand removals, and the queued transaction's generous waits (Prisma's 5 s timed out).
    await txGate().run(() =>
      db.$transaction(async (tx) => {
        for (let i = 0; i < toRemove.length; i += 1000)
          await tx.assignment.deleteMany({
            where: {
              roundId: round.id,
              OR: toRemove.slice(i, i + 1000).map((a) => ({ judgeId: a.judgeId, entryId: a.entryId })),
            },
          });
        // A thousand rows a statement: Prisma holds a whole call's rows and parameters at once,
        // and 12,500 in one call did not fit the server's heap limit (APP_HEAP_MIB).
        for (let i = 0; i < result.assignments.length; i += 1000)
          await tx.assignment.createMany({
            data: result.assignments
              .slice(i, i + 1000)
              .map((a) => ({ ...a, roundId: round.id, createdById: input.actorId })),
            skipDuplicates: true,
          });
        await audit(tx, {
          actorId: input.actorId,
          action: "assignments.generate",
          targetType: "Round",
          targetId: round.id,
          contestId: input.contestId,
          after: {
            categoryId: cat.id,
            created: result.assignments.length,
            removed: toRemove.length,
            conflicts: result.conflicts.map((c) => ({ judgeId: c.judgeId, entryId: c.entryId, reason: c.reason })),
          },
        });
      }, GATED_TX),
    );
    const judgeName = new Map(judges.map((j) => [j.id, j.name]));
    const entryCode = new Map(entries.map((e) => [e.id, e.code ?? e.id]));
    out.push({
      categoryId: cat.id,
      categoryName: cat.nameVi,
      created: result.assignments.length,
      removed: toRemove.length,
      judges: judges.length,
      entries: entries.length,
      conflicts: result.conflicts.map((c) => ({
        ...c,
        judgeName: judgeName.get(c.judgeId) ?? "",
        entryCode: entryCode.get(c.entryId) ?? "",
      })),
      shortfalls: result.shortfalls.map((s) => ({
        entryCode: entryCode.get(s.entryId) ?? "",
        wanted: s.wanted,
        got: s.got,
      })),
      loads: Object.entries(result.loads).map(([id, load]) => ({ judgeName: judgeName.get(id) ?? id, load })),
    });
  }
  // In a round already open (the next round opens when the previous one closes, before its
  // entries can be assigned), judges who just got their first entries hear about them now.
  if (round.status === "OPEN") await db.$transaction((tx) => notifyRoundJudges(tx, round.id));
  return out;
}

/** The round's assignments, by entry, for the organizer's table. */
export async function listRoundAssignments(db: Db, contestId: string, roundId: string) {
  const rows = await db.assignment.findMany({
    where: { roundId, round: { contestId } },
    include: {
      entry: { select: { id: true, code: true, title: true, category: { select: { nameVi: true } } } },
      judge: { select: { id: true, name: true } },
    },
    orderBy: [{ entry: { code: "asc" } }],
  });
  const conflicts = await db.conflictDeclaration.findMany({
    where: { entry: { contestId }, OR: [{ roundId }, { roundId: null }] },
    include: { entry: { select: { code: true } }, judge: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
  });
  return { rows, conflicts };
}

/** An organizer recuses a judge from an entry: recorded with its reason, the assignment and any draft score go. */
export async function recuseJudge(
  db: Db,
  input: { contestId: string; roundId: string; entryId: string; judgeId: string; reason: string; actorId: string },
) {
  const { minReasonRecuse: min } = await db.contest.findUniqueOrThrow({
    where: { id: input.contestId },
    select: { minReasonRecuse: true },
  });
  if (!reasonLongEnough(input.reason, min)) throw new DomainError("recuse_reason_required", { min });
  const round = await db.round.findFirst({ where: { id: input.roundId, contestId: input.contestId } });
  const entry = await db.entry.findFirst({ where: { id: input.entryId, contestId: input.contestId } });
  // The judge too must belong to this contest: a posted id of anyone else is refused.
  const judge = await db.roleGrant.findFirst({
    where: { userId: input.judgeId, contestId: input.contestId, role: "JUDGE" },
  });
  if (!round || !entry || !judge) throw notFound();
  await db.$transaction(async (tx) => {
    await tx.conflictDeclaration.create({
      data: {
        roundId: round.id,
        entryId: entry.id,
        judgeId: input.judgeId,
        kind: "RECUSED_BY_ORGANIZER",
        reason: input.reason.trim(),
        createdById: input.actorId,
      },
    });
    const removed = await tx.assignment.deleteMany({
      where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId },
    });
    const drafts = await tx.score.deleteMany({
      where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId, status: "DRAFT" },
    });
    await audit(tx, {
      actorId: input.actorId,
      action: "judge.recuse",
      targetType: "Entry",
      targetId: entry.id,
      contestId: input.contestId,
      entryId: entry.id,
      after: {
        judgeId: input.judgeId,
        roundId: round.id,
        reason: input.reason.trim(),
        assignmentRemoved: removed.count,
        draftScoresRemoved: drafts.count,
      },
    });
  });
}

/** The round, entry and judge of a manual change, each checked against the contest and the round's panel. */
async function manualContext(db: Db, input: { contestId: string; roundId: string; entryId: string; judgeId: string }) {
  const round = await db.round.findFirst({ where: { id: input.roundId, contestId: input.contestId } });
  const entry = await db.entry.findFirst({
    where: { id: input.entryId, contestId: input.contestId },
    select: { id: true, code: true, categoryId: true },
  });
  if (!round || !entry) throw notFound();
  if (round.status === "CLOSED") throw new DomainError("assign_round_closed");
  return { round, entry };
}

/**
 * An organizer adds one judge to one entry by hand. The entry must be one the round judges and
 * the judge one of its panel for the entry's category; the conflict rule of generation applies
 * and may be overridden only with a reason, kept on the assignment and in the audit log.
 */
export async function addAssignment(
  db: Db,
  input: {
    contestId: string;
    roundId: string;
    entryId: string;
    judgeId: string;
    overrideReason?: string;
    actorId: string;
  },
): Promise<{ conflict: Conflict | null }> {
  const { round, entry } = await manualContext(db, input);
  const [inRound, judges] = await Promise.all([
    roundEntries(db, round, entry.categoryId),
    panel(db, input.contestId, round.id, entry.categoryId),
  ]);
  const full = inRound.find((e) => e.id === entry.id);
  if (!full) throw new DomainError("entry_not_in_round");
  const judge = judges.find((j) => j.id === input.judgeId);
  if (!judge) throw new DomainError("judge_not_in_panel");
  const [existing, declared, agencyKey, settings] = await Promise.all([
    db.assignment.findFirst({ where: { roundId: round.id, entryId: entry.id, judgeId: judge.id } }),
    db.conflictDeclaration.findFirst({
      where: { entryId: entry.id, judgeId: judge.id, OR: [{ roundId: null }, { roundId: round.id }] },
      orderBy: { createdAt: "desc" },
    }),
    contestAgencyKey(db, input.contestId),
    db.contest.findUniqueOrThrow({ where: { id: input.contestId }, select: { minReasonOverride: true } }),
  ]);
  const check = checkManualAssignment({
    judge: { id: judge.id, email: judge.email, agency: judge.profile?.agency ?? "" },
    entry: { id: full.id, authors: full.authors },
    alreadyAssigned: existing !== null,
    declared: declared?.reason ?? null,
    overrideReason: input.overrideReason,
    minOverrideReason: settings.minReasonOverride,
    agencyKey,
  });
  if (!check.ok)
    throw new DomainError(
      check.refusal,
      check.refusal === "conflict_needs_reason" ? { min: settings.minReasonOverride } : {},
    );
  await db.$transaction(async (tx) => {
    // The unique key turns a double click into one row; the second insert changes nothing.
    const created = await tx.assignment.createMany({
      data: [
        {
          roundId: round.id,
          entryId: entry.id,
          judgeId: judge.id,
          overrideReason: check.overrideReason,
          createdById: input.actorId,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 0) throw new DomainError("already_assigned");
    await audit(tx, {
      actorId: input.actorId,
      action: check.conflict ? "assignment.override" : "assignment.add",
      targetType: "Entry",
      targetId: entry.id,
      contestId: input.contestId,
      entryId: entry.id,
      after: {
        roundId: round.id,
        judgeId: judge.id,
        ...(check.conflict
          ? {
              conflict: check.conflict.reason,
              conflictDetail: check.conflict.detail,
              overrideReason: check.overrideReason,
            }
          : {}),
      },
    });
    if (round.status === "OPEN") await notifyRoundJudges(tx, round.id);
  });
  return { conflict: check.conflict };
}

/** An organizer removes one assignment by hand; refused once the judge has submitted a sheet for it. */
export async function removeAssignment(
  db: Db,
  input: { contestId: string; roundId: string; entryId: string; judgeId: string; actorId: string },
) {
  const { round, entry } = await manualContext(db, input);
  await db.$transaction(async (tx) => {
    const [assignment, score] = await Promise.all([
      tx.assignment.findFirst({ where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId } }),
      tx.score.findFirst({
        where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId },
        select: { status: true },
      }),
    ]);
    const check = checkManualRemoval({ assigned: assignment !== null, score: score?.status ?? null });
    if (!check.ok) throw new DomainError(check.refusal);
    // Conditional on no submitted sheet appearing meanwhile: the score row is checked again.
    const removed = await tx.assignment.deleteMany({ where: { id: assignment!.id } });
    const drafts = check.dropsDraft
      ? await tx.score.deleteMany({
          where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId, status: "DRAFT" },
        })
      : { count: 0 };
    if (
      await tx.score.count({
        where: { roundId: round.id, entryId: entry.id, judgeId: input.judgeId, status: "SUBMITTED" },
      })
    ) {
      throw new DomainError("has_submitted_score");
    }
    await audit(tx, {
      actorId: input.actorId,
      action: "assignment.remove",
      targetType: "Entry",
      targetId: entry.id,
      contestId: input.contestId,
      entryId: entry.id,
      before: { roundId: round.id, judgeId: input.judgeId, overrideReason: assignment!.overrideReason },
      after: { assignmentRemoved: removed.count, draftScoresRemoved: drafts.count },
    });
  });
}

/** What the manual-assignment form offers: the round's entries (every category) and the contest's judges. */
export async function manualChoices(db: Db, contestId: string, roundId: string) {
  const round = await db.round.findFirst({ where: { id: roundId, contestId } });
  if (!round) return { entries: [], judges: [] };
  const categories = await db.category.findMany({
    where: { contestId },
    orderBy: CATEGORY_ORDER,
    select: { id: true },
  });
  const entries = (await Promise.all(categories.map((c) => roundEntries(db, round, c.id))))
    .flat()
    .map((e) => ({ id: e.id, code: e.code ?? "", title: e.title }));
  const grants = await db.roleGrant.findMany({
    where: { contestId, role: "JUDGE", user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const judges = [...new Map(grants.map((g) => [g.user.id, g.user])).values()].sort((a, b) =>
    a.name.localeCompare(b.name, "vi"),
  );
  return { entries, judges };
}

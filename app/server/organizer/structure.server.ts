/**
 * Categories, prize tiers, rounds and rubric criteria of a contest. Each change is audited and
 * refused (with the reason) when entries, scores or awards already depend on what it changes.
 */
import { EvidenceRulesSchema } from "#app/domain/evidence.ts";
import type { z } from "zod";
import {
  checkCategoryChange,
  checkRoundChange,
  checkRubricChange,
  checkTierChange,
  evidenceRulesFromForm,
  type CategoryForm,
  type CriterionSchema,
  type PrizeTierSchema,
  type RoundForm,
} from "#app/domain/contest-settings.ts";
import { fromIsoDate } from "#app/domain/dates.ts";
import { audit } from "#app/server/shared/audit.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { DomainError, notFound } from "#app/server/shared/errors.server.ts";
import { isUniqueViolation } from "./context.server.ts";

type Tier = z.infer<typeof PrizeTierSchema>;
type Criterion = z.infer<typeof CriterionSchema>;
/** Runs a change; a unique index refusing it (same code, prefix or position) is a refusal. */
async function guarded(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("duplicate");
    throw err;
  }
}

export async function saveCategory(
  db: Db,
  contestId: string,
  categoryId: string | null,
  form: CategoryForm,
  actorId: string,
): Promise<void> {
  const current = categoryId ? await db.category.findFirst({ where: { id: categoryId, contestId } }) : null;
  if (categoryId && !current) throw notFound();
  if (current) {
    const facts = {
      entryCount: await db.entry.count({ where: { categoryId: current.id } }),
      awardCount: await db.award.count({ where: { categoryId: current.id } }),
    };
    const refusals = checkCategoryChange(current, form, facts);
    DomainError.throwIf(refusals);
  }
  const { documentMaxMb: _d, imageMaxMb: _i, audioMaxMb: _a, videoMaxMb: _v, ...fields } = form;
  const kept = EvidenceRulesSchema.catch([]).parse(current?.evidenceRules ?? []);
  const data = { ...fields, nameEn: form.nameEn || form.nameVi, evidenceRules: evidenceRulesFromForm(form, kept) };
  return guarded(() =>
    db.$transaction(async (tx) => {
      const saved = current
        ? await tx.category.update({ where: { id: current.id }, data })
        : await tx.category.create({ data: { ...data, contestId } });
      await audit(tx, {
        actorId,
        action: current ? "category.update" : "category.create",
        targetType: "Category",
        targetId: saved.id,
        contestId,
        before: current ?? undefined,
        after: data,
      });
    }),
  );
}

export async function deleteCategory(db: Db, contestId: string, categoryId: string, actorId: string): Promise<void> {
  const current = await db.category.findFirst({ where: { id: categoryId, contestId } });
  if (!current) throw notFound();
  const facts = {
    entryCount: await db.entry.count({ where: { categoryId } }),
    awardCount: await db.award.count({ where: { categoryId } }),
  };
  const refusals = checkCategoryChange(current, null, facts);
  DomainError.throwIf(refusals);
  await db.$transaction(async (tx) => {
    await tx.category.delete({ where: { id: categoryId } });
    await audit(tx, {
      actorId,
      action: "category.delete",
      targetType: "Category",
      targetId: categoryId,
      contestId,
      before: current,
    });
  });
}

export async function saveTier(
  db: Db,
  contestId: string,
  categoryId: string,
  tierId: string | null,
  form: Tier,
  actorId: string,
): Promise<void> {
  const category = await db.category.findFirst({ where: { id: categoryId, contestId } });
  if (!category) throw notFound();
  const refusals = checkTierChange({ awardCount: await db.award.count({ where: { categoryId } }) });
  DomainError.throwIf(refusals);
  const data = {
    ...form,
    nameEn: form.nameEn || form.nameVi,
    minScore: typeof form.minScore === "number" ? form.minScore : null,
  };
  return guarded(() =>
    db.$transaction(async (tx) => {
      const before = tierId ? await tx.prizeTier.findFirst({ where: { id: tierId, categoryId } }) : null;
      if (tierId && !before) throw notFound();
      const saved = before
        ? await tx.prizeTier.update({ where: { id: before.id }, data })
        : await tx.prizeTier.create({ data: { ...data, categoryId } });
      await audit(tx, {
        actorId,
        action: before ? "tier.update" : "tier.create",
        targetType: "PrizeTier",
        targetId: saved.id,
        contestId,
        before: before ?? undefined,
        after: data,
      });
    }),
  );
}

export async function deleteTier(db: Db, contestId: string, tierId: string, actorId: string): Promise<void> {
  const tier = await db.prizeTier.findFirst({ where: { id: tierId, category: { contestId } } });
  if (!tier) throw notFound();
  const refusals = checkTierChange({ awardCount: await db.award.count({ where: { categoryId: tier.categoryId } }) });
  DomainError.throwIf(refusals);
  await db.$transaction(async (tx) => {
    await tx.prizeTier.delete({ where: { id: tierId } });
    await audit(tx, {
      actorId,
      action: "tier.delete",
      targetType: "PrizeTier",
      targetId: tierId,
      contestId,
      before: tier,
    });
  });
}

async function roundFacts(db: Db, roundId: string) {
  return {
    scoreCount: await db.score.count({ where: { roundId } }),
    assignmentCount: await db.assignment.count({ where: { roundId } }),
  };
}

export async function saveRound(
  db: Db,
  contestId: string,
  roundId: string | null,
  form: RoundForm,
  actorId: string,
): Promise<void> {
  const before = roundId ? await db.round.findFirst({ where: { id: roundId, contestId } }) : null;
  if (roundId && !before) throw notFound();
  const data = {
    ...form,
    nameEn: form.nameEn || form.nameVi,
    advanceTopN: typeof form.advanceTopN === "number" ? form.advanceTopN : null,
    advanceThreshold: typeof form.advanceThreshold === "number" ? form.advanceThreshold : null,
    judgesPerEntry: typeof form.judgesPerEntry === "number" ? form.judgesPerEntry : null,
    scoringDeadline: form.scoringDeadline ? fromIsoDate(form.scoringDeadline) : null,
  };
  if (before) {
    const refusals = checkRoundChange(before, data, await roundFacts(db, before.id));
    DomainError.throwIf(refusals);
  }
  return guarded(() =>
    db.$transaction(async (tx) => {
      const saved = before
        ? await tx.round.update({ where: { id: before.id }, data })
        : await tx.round.create({ data: { ...data, contestId } });
      await audit(tx, {
        actorId,
        action: before ? "round.update" : "round.create",
        targetType: "Round",
        targetId: saved.id,
        contestId,
        before: before ?? undefined,
        after: data,
      });
    }),
  );
}

export async function deleteRound(db: Db, contestId: string, roundId: string, actorId: string): Promise<void> {
  const round = await db.round.findFirst({ where: { id: roundId, contestId } });
  if (!round) throw notFound();
  const refusals = checkRubricChange(await roundFacts(db, roundId), true);
  DomainError.throwIf(refusals);
  await db.$transaction(async (tx) => {
    await tx.round.delete({ where: { id: roundId } });
    await audit(tx, {
      actorId,
      action: "round.delete",
      targetType: "Round",
      targetId: roundId,
      contestId,
      before: round,
    });
  });
}

export async function saveCriterion(
  db: Db,
  contestId: string,
  roundId: string,
  criterionId: string | null,
  form: Criterion,
  actorId: string,
): Promise<void> {
  const round = await db.round.findFirst({ where: { id: roundId, contestId } });
  if (!round) throw notFound();
  const refusals = checkRubricChange(await roundFacts(db, roundId));
  DomainError.throwIf(refusals);
  const data = { ...form, nameEn: form.nameEn || form.nameVi };
  return guarded(() =>
    db.$transaction(async (tx) => {
      const before = criterionId ? await tx.criterion.findFirst({ where: { id: criterionId, roundId } }) : null;
      if (criterionId && !before) throw notFound();
      const saved = before
        ? await tx.criterion.update({ where: { id: before.id }, data })
        : await tx.criterion.create({ data: { ...data, roundId } });
      await audit(tx, {
        actorId,
        action: before ? "criterion.update" : "criterion.create",
        targetType: "Criterion",
        targetId: saved.id,
        contestId,
        before: before ?? undefined,
        after: data,
      });
    }),
  );
}

export async function deleteCriterion(db: Db, contestId: string, criterionId: string, actorId: string): Promise<void> {
  const c = await db.criterion.findFirst({ where: { id: criterionId, round: { contestId } } });
  if (!c) throw notFound();
  const refusals = checkRubricChange(await roundFacts(db, c.roundId));
  DomainError.throwIf(refusals);
  await db.$transaction(async (tx) => {
    await tx.criterion.delete({ where: { id: criterionId } });
    await audit(tx, {
      actorId,
      action: "criterion.delete",
      targetType: "Criterion",
      targetId: criterionId,
      contestId,
      before: c,
    });
  });
}

import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { CheckboxField, Notice, SelectField } from "#app/components/organizer/ui.tsx";
import { CriterionSchema, RoundSchema } from "#app/domain/contest-settings.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { roundsWithCriteria } from "#app/server/organizer/reads.server.ts";
import { rejectedForm } from "#app/server/organizer/form-reply.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { deleteCriterion, deleteRound, saveCriterion, saveRound } from "#app/server/organizer/structure.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const rounds = await roundsWithCriteria(db, contest.id);
  const s = (v: number | null) => (v === null ? "" : String(v));
  const on = (b: boolean) => (b ? "on" : "");
  return {
    rounds: rounds.map((r) => ({
      id: r.id,
      scores: r._count.scores,
      defaults: {
        position: String(r.position),
        nameVi: r.nameVi,
        nameEn: r.nameEn,
        source: r.source,
        advancementRule: r.advancementRule,
        advanceTopN: s(r.advanceTopN),
        advanceThreshold: s(r.advanceThreshold),
        aggregation: r.aggregation,
        trimPercent: String(r.trimPercent),
        minJudgesPerEntry: String(r.minJudgesPerEntry),
        judgesPerEntry: s(r.judgesPerEntry),
        isFinal: on(r.isFinal),
        judgesSeeAuthors: on(r.judgesSeeAuthors),
        judgesSeeOtherScores: on(r.judgesSeeOtherScores),
        onlyAssignedEntries: on(r.onlyAssignedEntries),
        scoringDeadline: r.scoringDeadline ? toIsoDate(r.scoringDeadline) : "",
        scoreStep: String(r.scoreStep),
      },
      criteria: r.criteria.map((c) => ({
        id: c.id,
        defaults: {
          position: String(c.position),
          nameVi: c.nameVi,
          nameEn: c.nameEn,
          descriptionVi: c.descriptionVi,
          descriptionEn: c.descriptionEn,
          maxPoints: String(c.maxPoints),
          weight: String(c.weight),
        },
      })),
    })),
    nextPosition: (rounds.at(-1)?.position ?? 0) + 1,
    // A new round starts with the last round's step; the first one with the database default.
    nextScoreStep: rounds.at(-1) ? String(rounds.at(-1)!.scoreStep) : "",
  };
}

type Reply = { formId: string; result?: SubmissionResult<string[]>; saved?: boolean };

const Id = z.string().min(1).max(40);
/** Which form sent it; each form's id is echoed so only that form shows the reply. */
const FormId = z.string().max(80).default("");
const ActionSchema = z.discriminatedUnion("intent", [
  // safeExtend keeps RoundSchema's cross-field rules (top N needs N, k >= minimum, ...).
  RoundSchema.safeExtend({ intent: z.literal("saveRound"), formId: FormId, roundId: Id.optional() }),
  z.object({ intent: z.literal("deleteRound"), formId: FormId, roundId: Id }),
  CriterionSchema.extend({
    intent: z.literal("saveCriterion"),
    formId: FormId,
    roundId: Id,
    criterionId: Id.optional(),
  }),
  z.object({ intent: z.literal("deleteCriterion"), formId: FormId, criterionId: Id }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = await readForm(request);
  const formId = String(form.get("formId") ?? "");
  const s = parseWithZod(form, { schema: ActionSchema });
  if (s.status !== "success")
    return data<Reply>(
      { formId, result: rejectedForm(request, s, ["formId", "roundId", "criterionId"]) },
      { status: 400 },
    );
  const input = s.value;
  const r = await attempt(request, () => {
    switch (input.intent) {
      case "saveRound": {
        const { intent: _i, formId: _f, roundId, ...values } = input;
        return saveRound(db, contest.id, roundId ?? null, values, user.id);
      }
      case "deleteRound":
        return deleteRound(db, contest.id, input.roundId, user.id);
      case "saveCriterion": {
        const { intent: _i, formId: _f, roundId, criterionId, ...values } = input;
        return saveCriterion(db, contest.id, roundId, criterionId ?? null, values, user.id);
      }
      case "deleteCriterion":
        return deleteCriterion(db, contest.id, input.criterionId, user.id);
    }
  });
  if (!r.ok)
    return data<Reply>({ formId, result: { status: "error", error: { "": r.messages } } }, { status: r.status });
  // A new round or criterion form empties itself for the next one; an edited one keeps its values.
  const fresh =
    (input.intent === "saveRound" && !input.roundId) || (input.intent === "saveCriterion" && !input.criterionId);
  const saves = input.intent === "saveRound" || input.intent === "saveCriterion";
  return data<Reply>({ formId, result: saves ? s.reply({ resetForm: fresh }) : undefined, saved: true });
}

function RoundForm({ id, defaults }: { id: string | null; defaults: Record<string, string> }) {
  const { t } = useTranslation("organizer");
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formId = `round-${id ?? "new"}`;
  const [form, f] = useForm<z.infer<typeof RoundSchema>>({
    id: formId,
    lastResult: reply?.formId === formId ? reply.result : undefined,
    defaultValue: defaults,
    constraint: getZodConstraint(RoundSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoundSchema }),
  });
  const opts = (prefix: string, values: string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="formId" value={formId} />
      {id ? <input type="hidden" name="roundId" value={id} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <Notice>{reply?.formId === formId && reply.saved ? t("saved") : null}</Notice>
      <div className="form-grid">
        <Field label={t("fields.position")} field={f.position} type="number" />
        <Field label={t("fields.roundNameVi")} field={f.nameVi} />
        <Field label={t("fields.roundNameEn")} field={f.nameEn} />
        <SelectField
          label={t("fields.source")}
          field={f.source}
          options={opts("source", ["ALL_ELIGIBLE", "ADVANCED"])}
        />
        <SelectField
          label={t("fields.aggregation")}
          field={f.aggregation}
          options={opts("aggregation", ["MEAN", "TRIMMED_MEAN", "MEDIAN"])}
        />
        <Field label={t("fields.trimPercent")} field={f.trimPercent} type="number" />
        <Field label={t("fields.minJudgesPerEntry")} field={f.minJudgesPerEntry} type="number" />
        <Field
          label={t("fields.judgesPerEntry")}
          field={f.judgesPerEntry}
          type="number"
          hint={t("fields.judgesPerEntryHint")}
        />
        <SelectField
          label={t("fields.advancementRule")}
          field={f.advancementRule}
          options={opts("advancement", ["NONE", "TOP_N", "THRESHOLD"])}
        />
        <Field label={t("fields.advanceTopN")} field={f.advanceTopN} type="number" />
        <Field
          label={t("fields.advanceThreshold")}
          field={f.advanceThreshold}
          type="number"
          inputProps={{ step: "any" }}
        />
        <Field
          label={t("fields.scoringDeadline")}
          field={f.scoringDeadline}
          type="date"
          hint={t("fields.scoringDeadlineHint")}
        />
        <Field
          label={t("fields.scoreStep")}
          field={f.scoreStep}
          type="number"
          inputProps={{ step: "any", min: "0" }}
          hint={t("fields.scoreStepHint")}
        />
      </div>
      <fieldset>
        <legend>{t("fields.visibility")}</legend>
        <CheckboxField label={t("fields.isFinal")} field={f.isFinal} />
        <CheckboxField label={t("fields.judgesSeeAuthors")} field={f.judgesSeeAuthors} />
        <CheckboxField label={t("fields.judgesSeeOtherScores")} field={f.judgesSeeOtherScores} />
        <CheckboxField
          label={t("fields.onlyAssignedEntries")}
          field={f.onlyAssignedEntries}
          hint={t("fields.onlyAssignedEntriesHint")}
        />
      </fieldset>
      <div className="inline-actions">
        <SubmitButton name="intent" value="saveRound" pending={busy}>
          {id ? t("save") : t("rounds.add")}
        </SubmitButton>
        {id ? (
          <SubmitButton name="intent" value="deleteRound" pending={busy} className="btn btn--secondary">
            {t("rounds.delete")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

function CriterionForm({
  roundId,
  id,
  defaults,
}: {
  roundId: string;
  id: string | null;
  defaults?: Record<string, string>;
}) {
  const { t } = useTranslation("organizer");
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formId = `criterion-${id ?? `new-${roundId}`}`;
  const [form, f] = useForm<z.infer<typeof CriterionSchema>>({
    id: formId,
    lastResult: reply?.formId === formId ? reply.result : undefined,
    defaultValue: defaults ?? { weight: "1" },
    constraint: getZodConstraint(CriterionSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CriterionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="tier-form">
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="roundId" value={roundId} />
      {id ? <input type="hidden" name="criterionId" value={id} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="form-grid form-grid--tight">
        <Field label={t("fields.position")} field={f.position} type="number" />
        <Field label={t("fields.criterionNameVi")} field={f.nameVi} />
        <Field label={t("fields.criterionNameEn")} field={f.nameEn} />
        <Field label={t("fields.maxPoints")} field={f.maxPoints} type="number" inputProps={{ step: "any" }} />
        <Field label={t("fields.weight")} field={f.weight} type="number" inputProps={{ step: "any" }} />
      </div>
      <div className="inline-actions">
        <SubmitButton name="intent" value="saveCriterion" pending={busy}>
          {id ? t("save") : t("rounds.addCriterion")}
        </SubmitButton>
        {id ? (
          <SubmitButton name="intent" value="deleteCriterion" pending={busy} className="btn btn--secondary">
            {t("delete")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

/** Judging rounds (sơ khảo, chung khảo …), their rules and visibility flags, and each rubric. */
export default function RoundsPage() {
  const { t } = useTranslation("organizer");
  const { rounds, nextPosition, nextScoreStep } = useLoaderData<typeof loader>();
  const fresh = {
    position: String(nextPosition),
    source: "ALL_ELIGIBLE",
    advancementRule: "NONE",
    aggregation: "MEAN",
    trimPercent: "20",
    minJudgesPerEntry: "1",
    onlyAssignedEntries: "on",
    scoreStep: nextScoreStep,
  };
  return (
    <section>
      <h1>{t("rounds.title")}</h1>
      {rounds.map((r) => (
        <article key={r.id} className="card stack" aria-labelledby={`round-heading-${r.id}`}>
          <h2 id={`round-heading-${r.id}`}>{r.defaults.nameVi}</h2>
          {/* Scores, closing and consistency of the round live on its own page. */}
          <p>
            <Link to={r.defaults.position}>{t("rounds.openJudging", { name: r.defaults.nameVi })}</Link>
          </p>
          {r.scores > 0 ? <p className="note">{t("rounds.scored", { n: r.scores })}</p> : null}
          <RoundForm id={r.id} defaults={r.defaults} />
          <h3>{t("rounds.criteria")}</h3>
          {r.criteria.map((c) => (
            <CriterionForm key={c.id} roundId={r.id} id={c.id} defaults={c.defaults} />
          ))}
          {r.criteria.length === 0 ? (
            <CriterionForm roundId={r.id} id={null} defaults={{ position: "1", weight: "1" }} />
          ) : (
            <details>
              <summary>{t("rounds.addCriterion")}</summary>
              <CriterionForm
                key={r.criteria.length}
                roundId={r.id}
                id={null}
                defaults={{ position: String(r.criteria.length + 1), weight: "1" }}
              />
            </details>
          )}
        </article>
      ))}
      <article className="card stack" aria-labelledby="round-heading-new">
        <h2 id="round-heading-new">{t("rounds.new")}</h2>
        <RoundForm key={nextPosition} id={null} defaults={fresh} />
      </article>
    </section>
  );
}

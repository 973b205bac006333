import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { CheckboxField, Notice } from "#app/components/organizer/ui.tsx";
import { CategorySchema, DEFAULT_MIMES, PrizeTierSchema } from "#app/domain/contest-settings.ts";
import { EvidenceRulesSchema, FILE_KINDS, MiB } from "#app/domain/evidence.ts";
import { acceptedLabels } from "#app/domain/evidence-labels.ts";
import { formatVnd } from "#app/domain/money.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { categoriesWithTiers } from "#app/server/organizer/reads.server.ts";
import { rejectedForm } from "#app/server/organizer/form-reply.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { deleteCategory, deleteTier, saveCategory, saveTier } from "#app/server/organizer/structure.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const categories = await categoriesWithTiers(db, contest.id);
  return {
    // A new category goes after the existing ones unless the organizer says otherwise.
    nextSortOrder: String(Math.min(1000, Math.max(-1, ...categories.map((c) => c.sortOrder)) + 1)),
    categories: categories.map((c) => {
      const rules = EvidenceRulesSchema.catch([]).parse(c.evidenceRules);
      const mb = Object.fromEntries(
        FILE_KINDS.map((k) => [`${k}MaxMb`, String((rules.find((r) => r.kind === k)?.maxBytes ?? 0) / MiB || "")]),
      );
      // Which file types each kind accepts, so the form shows the whole rule, not only its size.
      const types = Object.fromEntries(
        FILE_KINDS.map((k) => [k, acceptedLabels(rules.find((r) => r.kind === k)?.mimeTypes ?? DEFAULT_MIMES[k])]),
      );
      return {
        id: c.id,
        entries: c._count.entries,
        types,
        defaults: {
          code: c.code,
          nameVi: c.nameVi,
          nameEn: c.nameEn,
          codePrefix: c.codePrefix,
          sortOrder: String(c.sortOrder),
          urlRequired: c.urlRequired ? "on" : "",
          ...mb,
        },
        tiers: c.prizeTiers.map((t) => ({
          id: t.id,
          position: t.position,
          nameVi: t.nameVi,
          nameEn: t.nameEn,
          count: t.count,
          amount: t.amount,
          minScore: t.minScore,
        })),
      };
    }),
  };
}

type CategoryValues = z.infer<typeof CategorySchema>;
type TierValues = z.infer<typeof PrizeTierSchema>;
type Reply = { formId: string; result?: SubmissionResult<string[]>; saved?: boolean };

const Id = z.string().min(1).max(40);
/** Which form sent it; each form's id is echoed so only that form shows the reply. */
const FormId = z.string().max(80).default("");
const ActionSchema = z.discriminatedUnion("intent", [
  CategorySchema.extend({ intent: z.literal("saveCategory"), formId: FormId, categoryId: Id.optional() }),
  z.object({ intent: z.literal("deleteCategory"), formId: FormId, categoryId: Id }),
  PrizeTierSchema.extend({ intent: z.literal("saveTier"), formId: FormId, categoryId: Id, tierId: Id.optional() }),
  z.object({ intent: z.literal("deleteTier"), formId: FormId, tierId: Id }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = await readForm(request);
  const formId = String(form.get("formId") ?? "");
  const s = parseWithZod(form, { schema: ActionSchema });
  if (s.status !== "success")
    return data<Reply>(
      { formId, result: rejectedForm(request, s, ["formId", "categoryId", "tierId"]) },
      { status: 400 },
    );
  const input = s.value;
  const r = await attempt(request, () => {
    switch (input.intent) {
      case "saveCategory": {
        const { intent: _i, formId: _f, categoryId, ...values } = input;
        return saveCategory(db, contest.id, categoryId ?? null, values, user.id);
      }
      case "deleteCategory":
        return deleteCategory(db, contest.id, input.categoryId, user.id);
      case "saveTier": {
        const { intent: _i, formId: _f, categoryId, tierId, ...values } = input;
        return saveTier(db, contest.id, categoryId, tierId ?? null, values, user.id);
      }
      case "deleteTier":
        return deleteTier(db, contest.id, input.tierId, user.id);
    }
  });
  if (!r.ok)
    return data<Reply>({ formId, result: { status: "error", error: { "": r.messages } } }, { status: r.status });
  // A new category or tier form empties itself for the next one; an edited one keeps its values.
  const fresh =
    (input.intent === "saveCategory" && !input.categoryId) || (input.intent === "saveTier" && !input.tierId);
  const saves = input.intent === "saveCategory" || input.intent === "saveTier";
  return data<Reply>({ formId, result: saves ? s.reply({ resetForm: fresh }) : undefined, saved: true });
}

function CategoryForm({
  id,
  defaults,
  entries,
  types,
}: {
  id: string | null;
  defaults?: Record<string, string>;
  entries?: number;
  types?: Record<string, string>;
}) {
  const { t } = useTranslation("organizer");
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formId = `category-${id ?? "new"}`;
  const [form, f] = useForm<CategoryValues>({
    id: formId,
    lastResult: reply?.formId === formId ? reply.result : undefined,
    defaultValue: (defaults ?? { sortOrder: "0" }) as Record<string, string>,
    constraint: getZodConstraint(CategorySchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CategorySchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="formId" value={formId} />
      {id ? <input type="hidden" name="categoryId" value={id} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <Notice>{reply?.formId === formId && reply.saved ? t("saved") : null}</Notice>
      <div className="form-grid">
        <Field label={t("fields.categoryCode")} field={f.code} hint={t("fields.categoryCodeHint")} />
        <Field label={t("fields.codePrefix")} field={f.codePrefix} hint={t("fields.codePrefixHint")} />
        <Field label={t("fields.nameVi")} field={f.nameVi} />
        <Field label={t("fields.nameEn")} field={f.nameEn} />
        <Field label={t("fields.sortOrder")} field={f.sortOrder} type="number" />
      </div>
      <CheckboxField label={t("fields.urlRequired")} field={f.urlRequired} />
      <fieldset>
        <legend>{t("fields.evidence")}</legend>
        <p className="hint">{t("fields.evidenceHint")}</p>
        <div className="form-grid">
          <Field
            label={t("fields.documentMaxMb")}
            field={f.documentMaxMb}
            type="number"
            hint={t("fields.acceptsTypes", { types: types?.document ?? acceptedLabels(DEFAULT_MIMES.document) })}
          />
          <Field
            label={t("fields.imageMaxMb")}
            field={f.imageMaxMb}
            type="number"
            hint={t("fields.acceptsTypes", { types: types?.image ?? acceptedLabels(DEFAULT_MIMES.image) })}
          />
          <Field
            label={t("fields.audioMaxMb")}
            field={f.audioMaxMb}
            type="number"
            hint={t("fields.acceptsTypes", { types: types?.audio ?? acceptedLabels(DEFAULT_MIMES.audio) })}
          />
          <Field
            label={t("fields.videoMaxMb")}
            field={f.videoMaxMb}
            type="number"
            hint={t("fields.acceptsTypes", { types: types?.video ?? acceptedLabels(DEFAULT_MIMES.video) })}
          />
        </div>
      </fieldset>
      <div className="inline-actions">
        <SubmitButton name="intent" value="saveCategory" pending={busy}>
          {id ? t("save") : t("categories.add")}
        </SubmitButton>
        {id ? (
          <SubmitButton
            name="intent"
            value="deleteCategory"
            pending={busy}
            className="btn btn--secondary"
            disabled={busy || (entries ?? 0) > 0}
            title={(entries ?? 0) > 0 ? t("refusals:category_delete", { n: entries }) : undefined}
          >
            {t("categories.delete")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

function TierForm({
  categoryId,
  tier,
}: {
  categoryId: string;
  tier?: {
    id: string;
    position: number;
    nameVi: string;
    nameEn: string;
    count: number;
    amount: number;
    minScore: number | null;
  };
}) {
  const { t } = useTranslation("organizer");
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formId = `tier-${tier?.id ?? `new-${categoryId}`}`;
  const [form, f] = useForm<TierValues>({
    id: formId,
    lastResult: reply?.formId === formId ? reply.result : undefined,
    defaultValue: tier
      ? {
          ...tier,
          position: String(tier.position),
          count: String(tier.count),
          amount: String(tier.amount),
          minScore: tier.minScore === null ? "" : String(tier.minScore),
        }
      : undefined,
    constraint: getZodConstraint(PrizeTierSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PrizeTierSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="tier-form">
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="categoryId" value={categoryId} />
      {tier ? <input type="hidden" name="tierId" value={tier.id} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="form-grid form-grid--tight">
        <Field label={t("fields.position")} field={f.position} type="number" />
        <Field label={t("fields.tierNameVi")} field={f.nameVi} />
        <Field label={t("fields.tierNameEn")} field={f.nameEn} />
        <Field label={t("fields.count")} field={f.count} type="number" />
        <Field
          label={t("fields.amount")}
          field={f.amount}
          type="number"
          hint={tier ? formatVnd(tier.amount) : undefined}
        />
        <Field label={t("fields.minScore")} field={f.minScore} type="number" inputProps={{ step: "any" }} />
      </div>
      <div className="inline-actions">
        <SubmitButton name="intent" value="saveTier" pending={busy}>
          {tier ? t("save") : t("categories.addTier")}
        </SubmitButton>
        {tier ? (
          <SubmitButton name="intent" value="deleteTier" pending={busy} className="btn btn--secondary">
            {t("delete")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

/** Categories with their evidence rules and limits, and each category's prize tiers. */
export default function CategoriesPage() {
  const { t } = useTranslation("organizer");
  const { categories, nextSortOrder } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("categories.title")}</h1>
      {categories.map((c) => (
        <article key={c.id} className="card stack" aria-labelledby={`cat-${c.id}`}>
          <h2 id={`cat-${c.id}`}>
            {c.defaults.nameVi}{" "}
            <span className="muted">
              ({c.defaults.codePrefix} · {t("categories.entries", { n: c.entries })})
            </span>
          </h2>
          <CategoryForm id={c.id} defaults={c.defaults} entries={c.entries} types={c.types} />
          <h3>{t("categories.tiers")}</h3>
          {c.tiers.map((tier) => (
            <TierForm key={tier.id} categoryId={c.id} tier={tier} />
          ))}
          <details>
            <summary>{t("categories.addTier")}</summary>
            <TierForm categoryId={c.id} />
          </details>
        </article>
      ))}
      <article className="card stack" aria-labelledby="cat-new">
        <h2 id="cat-new">{t("categories.new")}</h2>
        <CategoryForm key={nextSortOrder} id={null} defaults={{ sortOrder: nextSortOrder }} />
      </article>
    </section>
  );
}

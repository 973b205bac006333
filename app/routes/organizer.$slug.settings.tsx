import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { CheckboxField, Notice, SelectField, TextAreaField } from "#app/components/organizer/ui.tsx";
import { ContestRulesSchema } from "#app/domain/contest-settings.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { REASON_FIELDS, REASON_KINDS } from "#app/domain/reasons.ts";
import { TIE_BREAK_RULES } from "#app/domain/tie-break.ts";
import { documentPlace } from "#app/domain/text.ts";
import { updateContestRules } from "#app/server/organizer/contests.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest: c } = await loadOrganizedContest(request, params.slug);
  return {
    defaultPlace: documentPlace("", c.organizerAddress),
    defaults: {
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      themeVi: c.themeVi,
      themeEn: c.themeEn,
      descriptionVi: c.descriptionVi,
      descriptionEn: c.descriptionEn,
      organizerName: c.organizerName,
      organizerUnit: c.organizerUnit,
      organizerAddress: c.organizerAddress,
      organizerPhone: c.organizerPhone,
      organizerEmail: c.organizerEmail,
      documentPlace: c.documentPlace,
      publicationStart: toIsoDate(c.publicationStart),
      publicationEnd: toIsoDate(c.publicationEnd),
      submissionDeadline: toIsoDate(c.submissionDeadline),
      timeZone: c.timeZone,
      postmarkCounts: c.postmarkCounts ? "on" : "",
      blindJudging: c.blindJudging ? "on" : "",
      maxPartsPerEntry: String(c.maxPartsPerEntry),
      maxAuthorsPerEntry: String(c.maxAuthorsPerEntry),
      tieBreakRule: c.tieBreakRule,
      judgeInviteDays: String(c.judgeInviteDays),
      minReasonConflict: String(c.minReasonConflict),
      minReasonOverride: String(c.minReasonOverride),
      minReasonRecuse: String(c.minReasonRecuse),
      minReasonReopen: String(c.minReasonReopen),
      minReasonTie: String(c.minReasonTie),
      minReasonIneligible: String(c.minReasonIneligible),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const submission = parseWithZod(await readForm(request), { schema: ContestRulesSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const r = await attempt(request, () => updateContestRules(db, contest.id, submission.value, user.id));
  if (!r.ok) return data({ result: submission.reply({ formErrors: r.messages }), saved: false }, { status: r.status });
  return { result: submission.reply(), saved: true };
}

/** The contest's rules: names, theme, organizer contact, window, deadline, limits, flags. */
export default function ContestSettings() {
  const { t } = useTranslation("organizer");
  const { t: tr } = useTranslation("results");
  const { defaults, defaultPlace } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, f] = useForm({
    id: "contest-rules",
    lastResult: actionData?.result,
    defaultValue: defaults,
    constraint: getZodConstraint(ContestRulesSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContestRulesSchema }),
  });
  return (
    <section>
      <h1>{t("settings.title")}</h1>
      <Notice>{actionData?.saved ? t("saved") : null}</Notice>
      <Form method="post" {...getFormProps(form)} className="card">
        <ErrorList id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>{t("settings.names")}</legend>
          <div className="form-grid">
            <Field label={t("fields.nameVi")} field={f.nameVi} />
            <Field label={t("fields.nameEn")} field={f.nameEn} />
            <Field label={t("fields.themeVi")} field={f.themeVi} />
            <Field label={t("fields.themeEn")} field={f.themeEn} />
          </div>
          <TextAreaField label={t("fields.descriptionVi")} field={f.descriptionVi} />
          <TextAreaField label={t("fields.descriptionEn")} field={f.descriptionEn} />
        </fieldset>
        <fieldset>
          <legend>{t("settings.organizer")}</legend>
          <div className="form-grid">
            <Field label={t("fields.organizerName")} field={f.organizerName} />
            <Field label={t("fields.organizerUnit")} field={f.organizerUnit} />
            <Field label={t("fields.organizerAddress")} field={f.organizerAddress} />
            <Field label={t("fields.organizerPhone")} field={f.organizerPhone} type="tel" />
            <Field label={t("fields.organizerEmail")} field={f.organizerEmail} type="email" />
            <Field
              label={t("fields.documentPlace")}
              field={f.documentPlace}
              hint={t("fields.documentPlaceHint", { place: defaultPlace })}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("settings.dates")}</legend>
          <div className="form-grid">
            <Field label={t("fields.publicationStart")} field={f.publicationStart} type="date" />
            <Field label={t("fields.publicationEnd")} field={f.publicationEnd} type="date" />
            <Field
              label={t("fields.submissionDeadline")}
              field={f.submissionDeadline}
              type="date"
              hint={t("fields.deadlineHint")}
            />
            <Field label={t("fields.timeZone")} field={f.timeZone} />
          </div>
          <CheckboxField label={t("fields.postmarkCounts")} field={f.postmarkCounts} hint={t("fields.postmarkHint")} />
        </fieldset>
        <fieldset>
          <legend>{t("settings.limits")}</legend>
          <div className="form-grid">
            <Field label={t("fields.maxPartsPerEntry")} field={f.maxPartsPerEntry} type="number" />
            <Field label={t("fields.maxAuthorsPerEntry")} field={f.maxAuthorsPerEntry} type="number" />
          </div>
          <CheckboxField label={t("fields.blindJudging")} field={f.blindJudging} hint={t("fields.blindHint")} />
          <div className="form-grid">
            <SelectField
              label={t("fields.tieBreakRule")}
              field={f.tieBreakRule}
              options={TIE_BREAK_RULES.map((r) => ({ value: r, label: tr(`ruleName.${r}`) }))}
            />
            <Field
              label={t("fields.judgeInviteDays")}
              field={f.judgeInviteDays}
              type="number"
              hint={t("fields.judgeInviteDaysHint")}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("settings.reasons")}</legend>
          <p className="hint">{t("settings.reasonsHint")}</p>
          <div className="form-grid">
            {REASON_KINDS.map((k) => (
              <Field key={k} label={t(`fields.minReason.${k}`)} field={f[REASON_FIELDS[k]]} type="number" />
            ))}
          </div>
        </fieldset>
        <SubmitButton pending={busy}>{t("save")}</SubmitButton>
      </Form>
    </section>
  );
}

import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { Notice, SelectField, TextAreaField } from "#app/components/organizer/ui.tsx";
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import {
  CSV_COLUMNS,
  MailedEntryFormSchema,
  parseCoAuthors,
  parsePartsText,
  parseShare,
  mailedIssue,
  type CsvRowError,
} from "#app/domain/mailed-entries.ts";
import { mailedIssueText } from "#app/i18n/mailed-issues.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { categoryCodeOptions } from "#app/server/organizer/reads.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { importMailedCsv, registerMailedEntry } from "#app/server/organizer/mailed.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { env } from "#app/server/shared/env.server.ts";
import { agencySuggestions } from "#app/server/organizer/agencies.server.ts";
import { pickLocale } from "#app/domain/text.ts";

const MAX_CSV_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const categories = await categoryCodeOptions(db, contest.id);
  return {
    slug: contest.slug,
    categories,
    deadline: toIsoDate(contest.submissionDeadline),
    postmarkCounts: contest.postmarkCounts,
    columns: CSV_COLUMNS,
    agencyOptions: await agencySuggestions(db, [contest.id]),
  };
}

type Reply = {
  formId: "register" | "import";
  result?: SubmissionResult<string[]>;
  registered?: string;
  imported?: string[];
  /** A refused file: a sentence of ours (line 0) or each refused line with its reason, worded by the page. */
  errors?: ({ line: 0; text: string } | CsvRowError)[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = await readForm(request, { maxFileBytes: MAX_CSV_BYTES, maxBytes: env().MAX_IMPORT_BYTES });
  const text = orgText(request);
  if (form.get("intent") === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data<Reply>(
        { formId: "import", errors: [{ line: 0, text: text.t("mailed.chooseFile", { ns: "organizer" }) }] },
        { status: 400 },
      );
    if (file.size > MAX_CSV_BYTES)
      return data<Reply>(
        { formId: "import", errors: [{ line: 0, text: text.t("mailed.tooBig", { ns: "organizer" }) }] },
        { status: 400 },
      );
    const r = await importMailedCsv(db, contest, await file.text(), user.id);
    if (!r.ok) return data<Reply>({ formId: "import", errors: r.errors }, { status: 400 });
    return data<Reply>({ formId: "import", imported: r.created.map((c) => c.code) });
  }
  const s = parseWithZod(form, { schema: MailedEntryFormSchema });
  if (s.status !== "success") return data<Reply>({ formId: "register", result: s.reply() }, { status: 400 });
  const parts = parsePartsText(s.value.parts);
  if (!parts)
    return data<Reply>(
      { formId: "register", result: s.reply({ fieldErrors: { parts: [text.issue(mailedIssue("parts_text"))] } }) },
      { status: 400 },
    );
  const co = parseCoAuthors(s.value.coAuthors, /\r?\n/);
  if (!co.ok)
    return data<Reply>(
      {
        formId: "register",
        result: s.reply({ fieldErrors: { coAuthors: [text.issue(mailedIssue("coAuthor", { value: co.bad }))] } }),
      },
      { status: 400 },
    );
  const share = parseShare(s.value.share, co.coAuthors);
  if (share === null)
    return data<Reply>(
      {
        formId: "register",
        result: s.reply({ fieldErrors: { share: [text.issue(mailedIssue("share", { value: s.value.share }))] } }),
      },
      { status: 400 },
    );
  const { share: _s, coAuthors: _c, ...fields } = s.value;
  const r = await registerMailedEntry(
    db,
    contest,
    { ...fields, parts, sharePercent: share, coAuthors: co.coAuthors },
    user.id,
  );
  if (!r.ok)
    return data<Reply>(
      { formId: "register", result: s.reply({ formErrors: r.errors.map(text.issue) }) },
      { status: 400 },
    );
  return data<Reply>({ formId: "register", result: s.reply({ resetForm: true }), registered: r.code });
}

/** Paper entries received by post: register one, or import many from a CSV file. */
export default function MailedPage() {
  const { t, i18n } = useTranslation("organizer");
  const { slug, categories, deadline, postmarkCounts, columns, agencyOptions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, f] = useForm({
    id: "register-mailed",
    lastResult: reply?.formId === "register" ? reply.result : undefined,
    defaultValue: { categoryCode: categories[0]?.code ?? "" },
    constraint: getZodConstraint(MailedEntryFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MailedEntryFormSchema }),
  });
  return (
    <section>
      <h1>{t("mailed.title")}</h1>
      <p>
        {postmarkCounts
          ? t("mailed.rulePostmark", { date: formatIsoDate(deadline) })
          : t("mailed.ruleReceived", { date: formatIsoDate(deadline) })}
      </p>

      <h2>{t("mailed.registerTitle")}</h2>
      <Notice>{reply?.registered ? t("mailed.registered", { code: reply.registered }) : null}</Notice>
      <Form method="post" {...getFormProps(form)} className="card">
        <ErrorList id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <SelectField
            label={t("entries.category")}
            field={f.categoryCode}
            options={categories.map((c) => ({ value: c.code, label: pickLocale(i18n.language, c.nameVi, c.nameEn) }))}
          />
          <Field label={t("mailed.entryTitle")} field={f.title} />
          <Field label={t("entry.outlet")} field={f.outlet} />
          <Field label={t("entry.postmark")} field={f.postmarkDate} type="date" />
          <Field label={t("entry.received")} field={f.receivedDate} type="date" />
          <Field label={t("mailed.email")} field={f.email} type="email" hint={t("mailed.emailHint")} />
          <Field label={t("entry.fullName")} field={f.fullName} />
          <Field label={t("entry.penName")} field={f.penName} />
          <Field
            label={t("entry.agency")}
            field={f.agency}
            hint={agencyOptions.length ? t("agencyField.hint") : undefined}
            inputProps={agencyOptions.length ? { list: "mailed-agency-options", autoComplete: "off" } : undefined}
          />
          {agencyOptions.length ? (
            <datalist id="mailed-agency-options">
              {agencyOptions.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          ) : null}
          <Field label={t("mailed.phone")} field={f.phone} type="tel" />
        </div>
        <TextAreaField label={t("mailed.parts")} field={f.parts} hint={t("mailed.errors.parts_text")} rows={3} />
        <div className="form-grid">
          <Field
            label={t("mailed.share")}
            field={f.share}
            hint={t("mailed.shareHint")}
            inputProps={{ inputMode: "decimal" }}
          />
        </div>
        <TextAreaField label={t("mailed.coAuthors")} field={f.coAuthors} hint={t("mailed.coAuthorsHint")} rows={3} />
        <TextAreaField label={t("mailed.summary")} field={f.summary} rows={3} />
        <SubmitButton pending={busy}>{t("mailed.register")}</SubmitButton>
      </Form>

      <h2>{t("mailed.importTitle")}</h2>
      <p>{t("mailed.importHelp")}</p>
      <p>
        <code>{columns.join(",")}</code>
      </p>
      <p>
        <Link to={`/organizer/${slug}/mailed/help`}>{t("mailed.helpLink")}</Link>
      </p>
      <Notice>
        {reply?.imported ? t("mailed.imported", { n: reply.imported.length, codes: reply.imported.join(", ") }) : null}
      </Notice>
      {reply?.formId === "import" && reply.errors?.length ? (
        <div className="org-notice org-notice--error" role="alert">
          <p>{t("mailed.importRefused", { n: reply.errors.length })}</p>
          <ul>
            {reply.errors.map((e, i) => (
              <li key={i}>
                {e.line ? t("mailed.line", { line: e.line }) : ""}
                {"text" in e ? e.text : mailedIssueText(t, e, i18n.language)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" noValidate encType="multipart/form-data" className="card">
        <input type="hidden" name="intent" value="import" />
        <div className="field">
          <label htmlFor="csv-file">{t("mailed.file")}</label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <SubmitButton pending={busy}>{t("mailed.import")}</SubmitButton>
      </Form>
    </section>
  );
}

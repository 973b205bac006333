import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { Notice } from "#app/components/organizer/ui.tsx";
import { emailSchema } from "#app/domain/auth-schemas.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { categoryIdOptions, roundIdOptions } from "#app/server/organizer/reads.server.ts";
import { inviteJudge, listJudges, removeJudge, setJudgeScope } from "#app/server/organizer/judges.server.ts";
import { parseQuery, readForm } from "#app/server/shared/body.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { pickLocale } from "#app/domain/text.ts";

const Ids = z.array(z.string().min(1).max(40)).max(500).default([]);
const InviteSchema = z.object({
  email: emailSchema,
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
  agency: z.string().trim().max(200, "validation.tooLong").default(""),
  categoryIds: Ids,
  roundIds: Ids,
});
const JudgeQuerySchema = z.object({ q: z.string().trim().max(200).default("").catch("") });
const UserId = z.string().min(1).max(40);
const ActionSchema = z.discriminatedUnion("intent", [
  InviteSchema.extend({ intent: z.literal("invite") }),
  z.object({ intent: z.literal("scope"), userId: UserId, categoryIds: Ids, roundIds: Ids }),
  z.object({ intent: z.literal("remove"), userId: UserId }),
]);

/** `result` is the invite form's; `error` a refusal or bad input of a judge's own forms. */
type Reply = { done: "invite" | "scope" | "remove" | null; result?: SubmissionResult<string[]>; error?: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const { q } = parseQuery(request, JudgeQuerySchema);
  const [judges, categories, rounds] = await Promise.all([
    listJudges(db, contest.id, q),
    categoryIdOptions(db, contest.id),
    roundIdOptions(db, contest.id),
  ]);
  return { judges, categories, rounds, q };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = await readForm(request);
  const s = parseWithZod(form, { schema: ActionSchema });
  if (s.status !== "success")
    // The invite form shows each field's error beside it; a judge's scope or remove form has only
    // hidden ids and checkboxes, so a bad one is said once at the top of the page.
    return s.payload.intent === "invite"
      ? data<Reply>({ done: null, result: s.reply() }, { status: 400 })
      : data<Reply>({ done: null, error: orgText(request).t("organizer:invalidForm") }, { status: 400 });
  const input = s.value;
  const r = await attempt(request, async () => {
    switch (input.intent) {
      case "invite": {
        const { intent: _i, ...invite } = input;
        await inviteJudge(db, contest, { ...invite, actorId: user.id });
        return;
      }
      case "scope":
        return setJudgeScope(db, { contestId: contest.id, ...input, actorId: user.id });
      case "remove":
        return removeJudge(db, { contestId: contest.id, userId: input.userId, actorId: user.id });
    }
  });
  if (!r.ok) return data<Reply>({ done: null, error: r.message }, { status: r.status });
  return data<Reply>({
    done: input.intent,
    result: input.intent === "invite" ? s.reply({ resetForm: true }) : undefined,
  });
}

function ScopeChoices({
  prefix,
  categories,
  rounds,
  chosen,
}: {
  prefix: string;
  categories: { id: string; nameVi: string; nameEn: string }[];
  rounds: { id: string; nameVi: string; nameEn: string }[];
  chosen?: { categoryIds: string[]; roundIds: string[] };
}) {
  const { t, i18n } = useTranslation("organizer");
  const name = (x: { nameVi: string; nameEn: string }) => pickLocale(i18n.language, x.nameVi, x.nameEn);
  return (
    <div className="form-grid">
      <fieldset>
        <legend>{t("judges.categories")}</legend>
        <p className="hint">{t("judges.noneMeansAll")}</p>
        {categories.map((c) => (
          <div key={c.id} className="field--check">
            <input
              type="checkbox"
              id={`${prefix}-c-${c.id}`}
              name="categoryIds"
              value={c.id}
              defaultChecked={chosen?.categoryIds.includes(c.id)}
            />
            <label htmlFor={`${prefix}-c-${c.id}`}>{name(c)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("judges.rounds")}</legend>
        <p className="hint">{t("judges.noneMeansAll")}</p>
        {rounds.map((r) => (
          <div key={r.id} className="field--check">
            <input
              type="checkbox"
              id={`${prefix}-r-${r.id}`}
              name="roundIds"
              value={r.id}
              defaultChecked={chosen?.roundIds.includes(r.id)}
            />
            <label htmlFor={`${prefix}-r-${r.id}`}>{name(r)}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** The judging council: invite by e-mail, choose categories and rounds, remove. */
export default function JudgesPage() {
  const { t } = useTranslation("organizer");
  const { judges, categories, rounds, q } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state !== "idle";
  const [form, f] = useForm({
    id: "invite-judge",
    lastResult: reply?.result,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  return (
    <section>
      <h1>{t("judges.title")}</h1>
      <Notice>{reply?.done ? t(`judges.done.${reply.done}`) : null}</Notice>
      {reply?.error ? (
        <p role="alert" className="field-error">
          {reply.error}
        </p>
      ) : null}
      <Form method="get" className="filters card" role="search" aria-label={t("judges.searchLabel")}>
        <div className="field">
          <label htmlFor="judge-q">{t("judges.search")}</label>
          <input id="judge-q" name="q" type="search" defaultValue={q} maxLength={200} aria-describedby="judge-q-hint" />
          <div id="judge-q-hint" className="hint">
            {t("judges.searchHint")}
          </div>
        </div>
        <button type="submit" className="btn btn--secondary">
          {t("judges.searchSubmit")}
        </button>
      </Form>
      {judges.length === 0 ? (
        <p>{q ? t("judges.noMatch", { q }) : t("judges.none")}</p>
      ) : (
        judges.map((j) => (
          <article key={j.id} className="card stack" aria-labelledby={`judge-${j.id}`}>
            <h2 id={`judge-${j.id}`}>
              {j.name} <span className="muted">&lt;{j.email}&gt;</span>
            </h2>
            <p>
              {j.agency ? `${t("entry.agency")}: ${j.agency} · ` : ""}
              {j.active ? t("judges.active") : t("judges.pending")}
            </p>
            <p>
              {t("judges.scope", {
                categories: j.categories.join(", ") || t("judges.all"),
                rounds: j.rounds.join(", ") || t("judges.all"),
              })}
            </p>
            <details>
              <summary>{t("judges.editScope")}</summary>
              <Form method="post">
                <input type="hidden" name="userId" value={j.id} />
                <ScopeChoices prefix={j.id} categories={categories} rounds={rounds} chosen={j} />
                <SubmitButton name="intent" value="scope" pending={busy}>
                  {t("save")}
                </SubmitButton>
              </Form>
            </details>
            <Form method="post">
              <input type="hidden" name="userId" value={j.id} />
              <SubmitButton
                name="intent"
                value="remove"
                pending={busy}
                className="btn btn--secondary"
                aria-label={t("judges.removeLabel", { name: j.name })}
              >
                {t("judges.remove")}
              </SubmitButton>
            </Form>
          </article>
        ))
      )}
      <h2>{t("judges.inviteTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="card">
        <input type="hidden" name="intent" value="invite" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <Field label={t("judges.email")} field={f.email} type="email" />
          <Field label={t("entry.fullName")} field={f.name} />
          <Field label={t("entry.agency")} field={f.agency} hint={t("judges.agencyHint")} />
        </div>
        <ScopeChoices prefix="invite" categories={categories} rounds={rounds} />
        <SubmitButton pending={busy}>{t("judges.invite")}</SubmitButton>
      </Form>
    </section>
  );
}

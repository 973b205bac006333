import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { ContestCreateSchema } from "#app/domain/contest-settings.ts";
import { emailSchema } from "#app/domain/auth-schemas.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import {
  createContest,
  grantOrganizer,
  listContestsForAdmin,
  revokeOrganizer,
  setContestTwoFactor,
} from "#app/server/organizer/contests.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { rejectedForm } from "#app/server/organizer/form-reply.server.ts";
import { requireAdmin } from "#app/server/shared/permissions.server.ts";
import { outboxTrouble } from "#app/server/shared/outbox-admin.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { resetTwoFactor } from "#app/server/shared/two-factor.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "organizer:admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = await getDb();
  return { contests: await listContestsForAdmin(db), mail: await outboxTrouble(db) };
}

const GrantSchema = z.object({ intent: z.literal("grant"), contestId: z.string().min(1), email: emailSchema });
const RevokeSchema = z.object({ intent: z.literal("revoke"), grantId: z.string().min(1) });
const ResetTwoFactorSchema = z.object({ intent: z.literal("resetTwoFactor"), email: emailSchema });
const TwoFactorSettingSchema = z.object({
  intent: z.literal("twoFactorSetting"),
  contestId: z.string().min(1),
  value: z.enum(["on", "off"]),
});

const ActionSchema = z.discriminatedUnion("intent", [
  // The create form sends no intent: it is the page's main form.
  ContestCreateSchema.extend({ intent: z.literal("create").default("create") }),
  GrantSchema,
  RevokeSchema,
  ResetTwoFactorSchema,
  TwoFactorSettingSchema,
]);

/** A bad form's words: an e-mail form says the address is wrong, the others that the input is. */
const BAD_INPUT: Record<string, string> = {
  grant: "validation.emailInvalid",
  resetTwoFactor: "validation.emailInvalid",
  revoke: "organizer:invalidForm",
  twoFactorSetting: "organizer:invalidForm",
};

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const db = await getDb();
  const form = await readForm(request);
  const text = orgText(request);
  const s = parseWithZod(form, { schema: ActionSchema });
  if (s.status !== "success") {
    const posted = String(s.payload.intent ?? "create");
    // The create form shows each field's error beside it (and an unknown intent at its top).
    if (!(posted in BAD_INPUT))
      return data({ formId: "create", error: null, result: rejectedForm(request, s, []) }, { status: 400 });
    const formId = posted === "grant" ? `grant-${String(s.payload.contestId ?? "")}` : posted;
    const error = text.t(BAD_INPUT[posted] ?? "organizer:invalidForm");
    return data({ formId, error, result: undefined, done: undefined }, { status: 400 });
  }
  const input = s.value;
  const formId = input.intent === "grant" ? `grant-${input.contestId}` : input.intent;
  const r = await attempt(request, async () => {
    switch (input.intent) {
      case "create": {
        const { intent: _i, ...contest } = input;
        return createContest(db, contest, admin.id);
      }
      case "grant":
        return grantOrganizer(db, { contestId: input.contestId, email: input.email, actorId: admin.id });
      case "revoke":
        return revokeOrganizer(db, { grantId: input.grantId, actorId: admin.id });
      case "resetTwoFactor":
        return resetTwoFactor(db, { adminId: admin.id, email: input.email });
      case "twoFactorSetting":
        return setContestTwoFactor(db, { contestId: input.contestId, value: input.value === "on", actorId: admin.id });
    }
  });
  if (input.intent === "create")
    return r.ok
      ? redirect(`/organizer/${input.slug}/settings`)
      : data(
          { formId: "create", error: null, result: s.reply({ fieldErrors: { slug: r.messages } }) },
          { status: r.status },
        );
  if (!r.ok) return data({ formId, error: r.message, result: undefined, done: undefined }, { status: r.status });
  return { formId, error: null, result: undefined, done: input.intent === "resetTwoFactor" ? input.email : undefined };
}

/** Admin: create contests and say who organizes each. */
export default function AdminPage() {
  const { t } = useTranslation("organizer");
  const { t: ts } = useTranslation("security");
  const { contests, mail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "create-contest",
    lastResult: actionData?.formId === "create" ? actionData.result : undefined,
    constraint: getZodConstraint(ContestCreateSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContestCreateSchema }),
  });
  return (
    <section>
      <h1>{t("admin.title")}</h1>
      {mail.failed + mail.retryingReceipts > 0 ? (
        <p className="notice" role="status">
          {t("admin.mailTrouble", { failed: mail.failed, receipts: mail.retryingReceipts })}{" "}
          <Link to="/admin/outbox">{t("admin.mailTroubleLink")}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/admin/outbox">{t("admin.outboxLink")}</Link>
      </p>
      <h2>{t("admin.createTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="card form-grid">
        <Field label={t("fields.slug")} field={fields.slug} hint={t("fields.slugHint")} />
        <Field label={t("fields.nameVi")} field={fields.nameVi} />
        <Field label={t("fields.nameEn")} field={fields.nameEn} />
        <Field label={t("fields.organizerName")} field={fields.organizerName} />
        <Field label={t("fields.publicationStart")} field={fields.publicationStart} type="date" />
        <Field label={t("fields.publicationEnd")} field={fields.publicationEnd} type="date" />
        <Field label={t("fields.submissionDeadline")} field={fields.submissionDeadline} type="date" />
        <div className="field field--checkbox">
          <input id="create-requireTwoFactor" name={fields.requireTwoFactor.name} type="checkbox" defaultChecked />
          <label htmlFor="create-requireTwoFactor">{ts("contestSetting")}</label>
        </div>
        <ErrorList id={form.errorId} errors={form.errors} />
        <SubmitButton pending={busy}>{t("admin.create")}</SubmitButton>
      </Form>

      <h2>{t("admin.organizersTitle")}</h2>
      {contests.map((c) => (
        <div key={c.id} className="card stack">
          <h3>
            <Link to={`/organizer/${c.slug}`}>{c.nameVi}</Link>
          </h3>
          <ul>
            {c.roleGrants.map((g) => (
              <li key={g.id}>
                {g.user.name} &lt;{g.user.email}&gt;{" "}
                <Form method="post" noValidate className="inline">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t("admin.revokeLabel", { name: g.user.name })}
                  >
                    {t("admin.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" noValidate className="inline-form">
            <input type="hidden" name="intent" value="grant" />
            <input type="hidden" name="contestId" value={c.id} />
            <label htmlFor={`grant-${c.id}`}>{t("admin.grantEmail")}</label>
            <input id={`grant-${c.id}`} name="email" type="email" required />
            <SubmitButton pending={busy}>{t("admin.grant")}</SubmitButton>
          </Form>
          <ErrorList errors={actionData?.formId === `grant-${c.id}` && actionData.error ? [actionData.error] : []} />
          <Form method="post" noValidate className="inline-form">
            <input type="hidden" name="intent" value="twoFactorSetting" />
            <input type="hidden" name="contestId" value={c.id} />
            <input type="hidden" name="value" value={c.requireTwoFactor ? "off" : "on"} />
            <span>
              {ts("contestSetting")}: <strong>{c.requireTwoFactor ? ts("stateOn") : ts("stateOff")}</strong>
            </span>{" "}
            <button type="submit" className="link-button" aria-label={`${ts("contestSetting")} (${c.nameVi})`}>
              {c.requireTwoFactor ? ts("turnOff") : ts("turnOn")}
            </button>
          </Form>
        </div>
      ))}

      <h2>{ts("adminResetTitle")}</h2>
      <Form method="post" noValidate className="card inline-form">
        <p>{ts("adminResetIntro")}</p>
        <input type="hidden" name="intent" value="resetTwoFactor" />
        <label htmlFor="reset-2fa-email">{ts("adminResetEmail")}</label>
        <input id="reset-2fa-email" name="email" type="email" required />
        <SubmitButton pending={busy}>{ts("adminResetSubmit")}</SubmitButton>
      </Form>
      {actionData?.formId === "resetTwoFactor" && "done" in actionData && actionData.done ? (
        <p role="status">{ts("adminResetDone", { email: actionData.done })}</p>
      ) : null}
      <ErrorList errors={actionData?.formId === "resetTwoFactor" && actionData.error ? [actionData.error] : []} />
    </section>
  );
}

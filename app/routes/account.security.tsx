import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { ChangePasswordSchema } from "#app/domain/account-schemas.ts";
import { changePassword } from "#app/server/shared/accounts.server.ts";
import { audit } from "#app/server/shared/audit.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { countSessions, destroyAllSessions, destroySession, requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "account:securityTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { sessions: await countSessions(await getDb(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const formData = await readForm(request);
  if (formData.get("intent") === "signOutEverywhere") {
    await destroyAllSessions(db, user.id);
    await audit(db, { actorId: user.id, action: "user.sign_out_everywhere", targetType: "User", targetId: user.id });
    return redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
  }
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
  const hide = { hideFields: ["current", "password", "confirm"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide), changed: false }, { status: 400 });
  const r = await changePassword(db, {
    userId: user.id,
    sessionId: user.sessionId,
    current: submission.value.current,
    password: submission.value.password,
  });
  if (!r.ok) {
    const message = r.reason === "rate_limited" ? "account:tooMany" : "account:wrongPassword";
    return data(
      { result: submission.reply({ ...hide, fieldErrors: { current: [message] } }), changed: false },
      { status: r.reason === "rate_limited" ? 429 : 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function SecurityPage() {
  const { t } = useTranslation("account");
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    // Not onBlur: a blur validation fired by pressing the submit button swallowed the submit.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t("securityTitle")}</h1>
      <div className="card">
        <h2>{t("changePassword")}</h2>
        {actionData?.changed ? <p role="status">{t("passwordChanged")}</p> : null}
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="password" />
          <Field label={t("currentPassword")} field={fields.current} type="password" autoComplete="current-password" />
          <Field
            label={t("newPassword")}
            field={fields.password}
            type="password"
            autoComplete="new-password"
            hint={t("passwordHint")}
          />
          <Field label={t("confirm")} field={fields.confirm} type="password" autoComplete="new-password" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <SubmitButton pending={navigation.state !== "idle"}>{t("submitChange")}</SubmitButton>
        </Form>
      </div>
      <div className="card stack-gap">
        <h2>{t("sessionsTitle")}</h2>
        <p>{t("sessionsText", { count: sessions })}</p>
        <Form method="post">
          <button type="submit" name="intent" value="signOutEverywhere" className="btn btn--secondary">
            {t("signOutEverywhere")}
          </button>
        </Form>
      </div>
    </section>
  );
}

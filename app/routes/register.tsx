import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { z } from "zod";
import { ForgotSchema, RegisterSchema } from "#app/domain/account-schemas.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { registerUser, resendVerification } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { clientIp, requireAnonymous } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "account:registerLink");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

const ResendSchema = ForgotSchema.extend({ intent: z.literal("resend") });

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  if (formData.get("intent") === "resend") {
    const resend = ResendSchema.safeParse(Object.fromEntries(formData));
    if (!resend.success) return data({ result: undefined, sentTo: null, resent: null }, { status: 400 });
    const r = await resendVerification(await getDb(), {
      email: resend.data.email,
      ip: clientIp(request),
      locale: getLocale(request),
    });
    return data(
      { result: undefined, sentTo: resend.data.email, resent: r.ok ? ("sent" as const) : ("limited" as const) },
      { status: r.ok ? 200 : 429 },
    );
  }
  const submission = parseWithZod(formData, { schema: RegisterSchema });
  if (submission.status !== "success") {
    return data(
      { result: submission.reply({ hideFields: ["password", "confirm"] }), sentTo: null, resent: null },
      { status: 400 },
    );
  }
  const result = await registerUser(await getDb(), {
    ...submission.value,
    ip: clientIp(request),
    locale: getLocale(request),
  });
  if (!result.ok) {
    return data(
      {
        result: submission.reply({ formErrors: ["account:tooMany"], hideFields: ["password", "confirm"] }),
        sentTo: null,
        resent: null,
      },
      { status: 429 },
    );
  }
  return { result: submission.reply({ resetForm: true }), sentTo: submission.value.email, resent: null };
}

export default function RegisterPage() {
  const { t } = useTranslation("account");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "register",
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterSchema),
    // Not onBlur: a blur validation fired by pressing the submit button swallowed the submit.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
  });
  if (actionData?.sentTo) {
    return (
      <section className="narrow card" aria-live="polite">
        <h1>{t("registeredTitle")}</h1>
        <p>{t("registeredText", { email: actionData.sentTo })}</p>
        <p>{t("mailDelay")}</p>
        {actionData.resent === "sent" ? (
          <p role="status" className="flash">
            {t("resent", { email: actionData.sentTo })}
          </p>
        ) : null}
        {actionData.resent === "limited" ? (
          <p role="alert" className="field-error">
            {t("resendLimited")}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="email" value={actionData.sentTo} />
          <p className="hint" id="resend-hint">
            {t("resendHint")}
          </p>
          <SubmitButton
            pending={navigation.state !== "idle"}
            name="intent"
            value="resend"
            aria-describedby="resend-hint"
          >
            {t("resend")}
          </SubmitButton>
        </Form>
      </section>
    );
  }
  const consent = getInputProps(fields.consent, { type: "checkbox" });
  return (
    <section className="narrow card">
      <h1>{t("registerTitle")}</h1>
      <p className="muted">{t("registerIntro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field label={t("name")} field={fields.name} autoComplete="name" />
        <Field label={t("email")} field={fields.email} type="email" autoComplete="email" hint={t("emailHint")} />
        <Field label={t("phone")} field={fields.phone} type="tel" autoComplete="tel" hint={t("phoneHint")} />
        <Field
          label={t("password")}
          field={fields.password}
          type="password"
          autoComplete="new-password"
          hint={t("passwordHint")}
        />
        <Field label={t("confirm")} field={fields.confirm} type="password" autoComplete="new-password" />
        <fieldset className="consent">
          <legend>{t("consentTitle")}</legend>
          <p className="hint" id="consent-text">
            {t("consentText")}{" "}
            <Link to="/privacy" target="_blank">
              {t("privacy:readNotice")}
            </Link>
          </p>
          <div className="check">
            {/* Plain, uncontrolled: conform's keyed checkbox lost its state after a failed submit. */}
            <input
              type="checkbox"
              id={consent.id}
              name={consent.name}
              form={consent.form}
              aria-invalid={consent["aria-invalid"]}
              aria-describedby={`consent-text ${fields.consent.errors ? fields.consent.errorId : ""}`.trim()}
            />
            <label htmlFor={fields.consent.id}>{t("consentLabel")}</label>
          </div>
          <ErrorList id={fields.consent.errorId} errors={fields.consent.errors} />
        </fieldset>
        <ErrorList id={form.errorId} errors={form.errors} />
        <SubmitButton pending={navigation.state !== "idle"}>{t("submitRegister")}</SubmitButton>
      </Form>
      <p>
        {t("haveAccount")} <Link to="/login">{t("goLogin")}</Link>
      </p>
    </section>
  );
}

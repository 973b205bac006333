import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { LoginSchema } from "#app/domain/auth-schemas.ts";
import { attemptLogin, loginAccount } from "#app/server/shared/auth.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { clientIp, createSession, requireAnonymous, safeRedirect } from "#app/server/shared/session.server.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { appUrl } from "#app/server/shared/env.server.ts";
import { challengeCookie, createLoginChallenge } from "#app/server/shared/two-factor.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "auth:loginTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const db = await getDb();
  const result = await attemptLogin(db, { ...submission.value, ip: clientIp(request) });
  if (!result.ok) {
    // Worded here, in the reader's language, so the form shows a sentence (no "key|value" to parse).
    const { t } = getI18n(getLocale(request));
    const message =
      result.reason === "rate_limited"
        ? t("auth:tooManyAttempts", { minutes: Math.ceil((result.retryAfterSeconds ?? 60) / 60) })
        : t(result.reason === "unverified" ? "auth:unverified" : "auth:invalidCredentials");
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "rate_limited" ? 429 : 400 },
    );
  }
  const to = safeRedirect(submission.value.redirectTo, "/account");
  const user = await loginAccount(db, result.userId);
  if (user.totpEnabledAt) {
    // Password right, second factor next: no session until the code step passes.
    const token = await createLoginChallenge(db, user);
    return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(to)}`, {
      headers: { "Set-Cookie": challengeCookie(token, appUrl().startsWith("https:")) },
    });
  }
  const cookie = await createSession(db, result.userId, request);
  return redirect(to, {
    headers: { "Set-Cookie": cookie },
  });
}

export default function LoginPage() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    // Validate on submit, then as the user types: "onBlur" could swallow a submit whose click
    // blurred a field (seen on the entry forms).
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const formErrors = form.errors;
  return (
    <section className="narrow card">
      <h1>{t("loginTitle")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label={t("email")} field={fields.email} type="email" autoComplete="email" />
        <Field label={t("password")} field={fields.password} type="password" autoComplete="current-password" />
        <ErrorList id={form.errorId} errors={formErrors} />
        <SubmitButton pending={navigation.state !== "idle"}>{t("submitLogin")}</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">{t("account:forgotLink")}</Link>
      </p>
      <p>
        {t("account:noAccount")} <Link to="/register">{t("account:registerLink")}</Link>
      </p>
    </section>
  );
}

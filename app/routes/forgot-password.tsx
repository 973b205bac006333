import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { ForgotSchema } from "#app/domain/account-schemas.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { requestPasswordReset } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { clientIp } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "account:forgotTitle");

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ForgotSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sentTo: null }, { status: 400 });
  const r = await requestPasswordReset(await getDb(), {
    email: submission.value.email,
    ip: clientIp(request),
    locale: getLocale(request),
  });
  if (!r.ok)
    return data({ result: submission.reply({ formErrors: ["account:tooMany"] }), sentTo: null }, { status: 429 });
  return { result: submission.reply(), sentTo: submission.value.email };
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation("account");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "forgot",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotSchema),
    // Not onBlur: a blur validation fired by pressing the submit button swallowed the submit.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotSchema }),
  });
  return (
    <section className="narrow card">
      <h1>{t("forgotTitle")}</h1>
      {actionData?.sentTo ? (
        <p role="status">{t("forgotSent", { email: actionData.sentTo })}</p>
      ) : (
        <>
          <p className="muted">{t("forgotIntro")}</p>
          <Form method="post" {...getFormProps(form)}>
            <Field label={t("email")} field={fields.email} type="email" autoComplete="email" />
            <ErrorList id={form.errorId} errors={form.errors} />
            <SubmitButton pending={navigation.state !== "idle"}>{t("submitForgot")}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}

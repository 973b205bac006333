import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { ResetSchema } from "#app/domain/account-schemas.ts";
import { resetPassword } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "common:pageTitles.resetpassword");

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ResetSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "confirm"] }), done: false }, { status: 400 });
  }
  const r = await resetPassword(await getDb(), submission.value);
  if (!r.ok) {
    return data(
      {
        result: submission.reply({ formErrors: ["account:resetFailed"], hideFields: ["password", "confirm"] }),
        done: false,
      },
      { status: 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), done: true };
}

export default function ResetPasswordPage() {
  const { t } = useTranslation("account");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetSchema),
    // Not onBlur: a blur validation fired by pressing the submit button swallowed the submit.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetSchema }),
  });
  if (actionData?.done) {
    return (
      <section className="narrow card">
        <h1>{t("resetTitle")}</h1>
        <p role="status">{t("resetDone")}</p>
        <p>
          <Link className="btn" to="/login">
            {t("goLogin")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow card">
      <h1>{t("resetTitle")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="token" value={params.get("token") ?? ""} />
        <Field
          label={t("newPassword")}
          field={fields.password}
          type="password"
          autoComplete="new-password"
          hint={t("passwordHint")}
        />
        <Field label={t("confirm")} field={fields.confirm} type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <SubmitButton pending={navigation.state !== "idle"}>{t("submitReset")}</SubmitButton>
      </Form>
    </section>
  );
}

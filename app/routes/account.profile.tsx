import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { ProfileSchema } from "#app/domain/account-schemas.ts";
import { getProfile, updateProfile } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { agencySuggestions } from "#app/server/organizer/agencies.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "account:profileTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  // The agency field offers the contests' press-agency lists; any other text is kept as typed.
  return { ...(await getProfile(db, user.id)), agencyOptions: await agencySuggestions(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: ProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  await updateProfile(await getDb(), user.id, submission.value);
  return { result: submission.reply(), saved: true };
}

export default function ProfilePage() {
  const { t } = useTranslation("account");
  const profile = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ProfileSchema),
    defaultValue: {
      name: profile.name,
      phone: profile.phone,
      agency: profile.agency,
      address: profile.address,
      penNames: profile.penNames.join("\n"),
    },
    // Not onBlur: a blur validation fired by pressing the submit button swallowed the submit.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const pen = getTextareaProps(fields.penNames);
  return (
    <section className="narrow card">
      <h1>{t("profileTitle")}</h1>
      <p className="muted">{profile.email}</p>
      <p className="hint">{t("mailLanguage", { language: t(`common:languages.${profile.mailLocale}`) })}</p>
      {actionData?.saved ? <p role="status">{t("profileSaved")}</p> : null}
      <Form method="post" {...getFormProps(form)}>
        <Field label={t("name")} field={fields.name} autoComplete="name" />
        <Field label={t("phone")} field={fields.phone} type="tel" autoComplete="tel" />
        <div className="field">
          <label htmlFor={fields.penNames.id}>{t("penNames")}</label>
          <div className="hint" id={`${fields.penNames.id}-hint`}>
            {t("penNamesHint")}
          </div>
          <textarea {...pen} key={pen.key} rows={3} aria-describedby={`${fields.penNames.id}-hint`} />
          <ErrorList id={fields.penNames.errorId} errors={fields.penNames.errors} />
        </div>
        <Field
          label={t("agency")}
          field={fields.agency}
          autoComplete="organization"
          hint={profile.agencyOptions.length ? t("agencyHint") : undefined}
          inputProps={profile.agencyOptions.length ? { list: "agency-options" } : undefined}
        />
        {profile.agencyOptions.length ? (
          <datalist id="agency-options">
            {profile.agencyOptions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        ) : null}
        <Field label={t("address")} field={fields.address} autoComplete="street-address" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <SubmitButton pending={navigation.state !== "idle"}>{t("saveProfile")}</SubmitButton>
      </Form>
    </section>
  );
}

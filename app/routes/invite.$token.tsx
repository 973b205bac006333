import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, Field, SubmitButton } from "#app/components/forms.tsx";
import { getDb } from "#app/server/shared/db.server.ts";
import { acceptInvite, getInvite } from "#app/server/organizer/judges.server.ts";
import { createSession, destroySession, safeRedirect } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "common:pageTitles.invite");

const password = z
  .string({ error: "validation.required" })
  .min(8, "validation.passwordTooShort")
  .max(200, "validation.tooLong");
const AcceptSchema = z
  .object({ password, confirm: z.string({ error: "validation.required" }) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "organizer:invite.mismatch" });
/** Someone who already has a password (e.g. a journalist) may keep it. */
const KeepSchema = z
  .object({ password: password.optional(), confirm: z.string().optional() })
  .refine((v) => (v.password ?? "") === (v.confirm ?? ""), { path: ["confirm"], message: "organizer:invite.mismatch" });

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await getInvite(await getDb(), params.token ?? "");
  return { invite };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = await getDb();
  const invite = await getInvite(db, params.token ?? "");
  if (!invite) return data({ result: undefined, expired: true }, { status: 410 });
  const submission = parseWithZod(await readForm(request), { schema: invite.hasPassword ? KeepSchema : AcceptSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password", "confirm"] }), expired: false }, { status: 400 });
  const userId = await acceptInvite(db, { token: params.token ?? "", password: submission.value.password ?? null });
  if (!userId) return data({ result: undefined, expired: true }, { status: 410 });
  // Whoever was signed in on this browser is signed out: the invitation signs the judge in.
  const headers = new Headers();
  headers.append("Set-Cookie", await destroySession(request));
  headers.append("Set-Cookie", await createSession(db, userId, request));
  // A link may say where to go next (e.g. the judge's round); only paths on this site.
  return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account"), { headers });
}

/** A judge's invitation link: choose a password, which also confirms the e-mail address. */
export default function InvitePage() {
  const { t } = useTranslation("organizer");
  const { invite } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const schema = invite?.hasPassword ? KeepSchema : AcceptSchema;
  const [form, f] = useForm({
    id: "accept-invite",
    lastResult: reply?.result,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  if (!invite || reply?.expired) {
    return (
      <section className="narrow card">
        <h1>{t("invite.title")}</h1>
        <p role="alert">{t("invite.invalid")}</p>
        <p>
          <Link to="/login">{t("invite.login")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow card">
      <h1>{t("invite.title")}</h1>
      <p>{t("invite.welcome", { name: invite.name, contest: invite.contestName })}</p>
      <p>{t("invite.account", { email: invite.email })}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field
          label={t("invite.password")}
          field={f.password}
          type="password"
          autoComplete="new-password"
          hint={invite.hasPassword ? t("invite.keepHint") : t("invite.passwordHint")}
        />
        <Field label={t("invite.confirm")} field={f.confirm} type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <SubmitButton pending={busy}>{invite.hasPassword ? t("invite.acceptNew") : t("invite.accept")}</SubmitButton>
      </Form>
    </section>
  );
}

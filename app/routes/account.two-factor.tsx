import { readForm } from "#app/server/shared/body.server.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { catalogueTitle } from "#app/components/meta.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { requireUser, safeRedirect } from "#app/server/shared/session.server.ts";
import {
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startEnrolment,
  twoFactorRequired,
  twoFactorStatus,
} from "#app/server/shared/two-factor.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "security:pageTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [status, required] = await Promise.all([twoFactorStatus(db, user.id), twoFactorRequired(user)]);
  const enrolment = status.enabled ? null : await startEnrolment(db, user.id);
  const back = new URL(request.url).searchParams.get("redirectTo");
  return {
    back: back ? safeRedirect(back, "/account") : null,
    status,
    required,
    enrolment: enrolment ? { secret: enrolment.secret, qrSvg: enrolment.qrSvg } : null,
  };
}

const ActionSchema = z.object({
  intent: z.enum(["enable", "regenerate", "disable"]),
  code: z.string().trim().min(1).max(20),
});

type ActionResult = { ok: boolean; intent: string; error?: string; minutes?: number; recoveryCodes?: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return data<ActionResult>({ ok: false, intent: "", error: "security:invalidCode" }, { status: 400 });
  const { intent, code } = parsed.data;
  const r =
    intent === "enable"
      ? await confirmEnrolment(db, user.id, code)
      : intent === "regenerate"
        ? await regenerateRecoveryCodes(db, user.id, code)
        : await disableTwoFactor(db, user, code);
  if (!r.ok) {
    if (r.reason === "rate_limited") {
      return data<ActionResult>(
        { ok: false, intent, error: "security:tooManyCodes", minutes: Math.ceil((r.retryAfterSeconds ?? 60) / 60) },
        { status: 429 },
      );
    }
    const error = r.reason === "required" ? "security:cannotDisable" : "security:invalidCode";
    return data<ActionResult>({ ok: false, intent, error }, { status: 400 });
  }
  return data<ActionResult>({
    ok: true,
    intent,
    recoveryCodes: "recoveryCodes" in r ? (r.recoveryCodes as string[]) : undefined,
  });
}

function CodeForm({ intent, label, submit, hint }: { intent: string; label: string; submit: string; hint?: string }) {
  const { t } = useTranslation("security");
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const error =
    actionData && !actionData.ok && actionData.intent === intent && actionData.error
      ? t(actionData.error, { minutes: actionData.minutes })
      : null;
  const id = `code-${intent}`;
  return (
    <Form method="post" noValidate className="stack-gap">
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <div id={`${id}-hint`} className="hint">
            {hint}
          </div>
        ) : null}
        <input
          id={id}
          name="code"
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={20}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
          }
        />
      </div>
      <ErrorList id={`${id}-error`} errors={error ? [error] : null} />
      <SubmitButton pending={busy} className={intent === "disable" ? "btn btn--secondary" : "btn"}>
        {submit}
      </SubmitButton>
    </Form>
  );
}

export default function TwoFactorPage() {
  const { t } = useTranslation("security");
  const { status, required, enrolment, back } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const codes = actionData?.ok ? actionData.recoveryCodes : undefined;
  return (
    <section className="narrow">
      <h1>{t("pageTitle")}</h1>
      {searchParams.get("required") && !status.enabled ? (
        <p className="notice" role="alert">
          {t("requiredNotice")}
        </p>
      ) : null}
      {searchParams.get("recovery") ? (
        <p role="status">{t("recoveryUsed", { count: status.recoveryCodesLeft })}</p>
      ) : null}
      {actionData?.ok && actionData.intent === "disable" ? <p role="status">{t("disabledDone")}</p> : null}
      {codes ? (
        <div className="card stack-gap">
          {actionData?.intent === "enable" ? <p role="status">{t("enabledDone")}</p> : null}
          <h2>{t("recoveryTitle")}</h2>
          <p>{t("recoveryText")}</p>
          <ul className="recovery-codes" aria-label={t("recoveryTitle")}>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          {back ? (
            <p>
              <Link className="btn" to={back}>
                {t("continue")}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="card stack-gap">
        <p>{status.enabled ? t("statusOn", { count: status.recoveryCodesLeft }) : t("statusOff")}</p>
        {!status.enabled ? <p>{t("optionalIntro")}</p> : null}
        {enrolment ? (
          <>
            <h2>{t("step1")}</h2>
            {/* Inline SVG: no external request, and no data: URL a content-security policy might block. */}
            <div
              className="qr"
              role="img"
              aria-label={t("qrAlt")}
              dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
            />
            <p>
              {t("manualKey")} <code data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <h2>{t("step2")}</h2>
            <CodeForm intent="enable" label={t("codeOnlyLabel")} submit={t("enable")} />
          </>
        ) : null}
      </div>
      {status.enabled ? (
        <>
          <div className="card stack-gap">
            <h2>{t("regenerate")}</h2>
            <CodeForm
              intent="regenerate"
              label={t("codeOnlyLabel")}
              submit={t("regenerate")}
              hint={t("regenerateHint")}
            />
          </div>
          {!required ? (
            <div className="card stack-gap">
              <h2>{t("disable")}</h2>
              <CodeForm intent="disable" label={t("codeOnlyLabel")} submit={t("disable")} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

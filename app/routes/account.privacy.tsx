import { env } from "#app/server/shared/env.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { catalogueTitle } from "#app/components/meta.ts";
import { formatInstant } from "#app/domain/format.ts";
import { createI18n } from "#app/i18n/i18n.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { eraseAccount, listConsents } from "#app/server/shared/personal-data.server.ts";
import { destroySession, requireUser } from "#app/server/shared/session.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "privacy:link");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const consents = await listConsents(await getDb(), user.id);
  return {
    consents: consents.map((c) => ({
      version: c.textVersion,
      at: formatInstant(c.acceptedAt, env().PLATFORM_TIME_ZONE),
    })),
  };
}

const EraseSchema = z.object({ intent: z.literal("erase"), password: z.string().min(1).max(200) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = EraseSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "privacy:eraseWrongPassword" }, { status: 400 });
  // The label that replaces the name on kept, unawarded entries is in the platform's main language.
  const label = createI18n("vi").t("privacy:erasedAuthor");
  const r = await eraseAccount(await getDb(), { userId: user.id, password: parsed.data.password, erasedLabel: label });
  if (!r.ok) {
    return data(
      { error: r.reason === "admin" ? "privacy:eraseRefusedAdmin" : "privacy:eraseWrongPassword" },
      { status: 400 },
    );
  }
  return redirect("/?erased=1", { headers: { "Set-Cookie": await destroySession(request) } });
}

export default function PersonalDataPage() {
  const { t } = useTranslation("privacy");
  const { consents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const error = actionData?.error ? t(actionData.error) : null;
  return (
    <section className="narrow">
      <h1>{t("pageTitle")}</h1>
      <div className="card stack-gap">
        {consents.length ? (
          <ul>
            {consents.map((c) => (
              <li key={`${c.version}-${c.at}`}>{t("consentHistory", { version: c.version, date: c.at })}</li>
            ))}
          </ul>
        ) : (
          <p>{t("noConsent")}</p>
        )}
        <p>
          <Link to="/privacy">{t("readNotice")}</Link>
        </p>
      </div>
      <div className="card stack-gap">
        <h2>{t("exportTitle")}</h2>
        <p>{t("exportText")}</p>
        <p>
          <a className="btn" href="/account/data-export" download>
            {t("exportButton")}
          </a>
        </p>
      </div>
      <div className="card stack-gap">
        <h2>{t("eraseTitle")}</h2>
        <p id="erase-text">{t("eraseText")}</p>
        <Form method="post" noValidate className="stack-gap">
          <input type="hidden" name="intent" value="erase" />
          <div className="field">
            <label htmlFor="erase-password">{t("eraseConfirm")}</label>
            <input
              id="erase-password"
              name="password"
              type="password"
              required
              autoComplete="current-password"
              aria-describedby={error ? "erase-text erase-error" : "erase-text"}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <ErrorList id="erase-error" errors={error ? [error] : null} />
          <SubmitButton pending={busy} className="btn btn--danger">
            {t("eraseButton")}
          </SubmitButton>
        </Form>
      </div>
    </section>
  );
}

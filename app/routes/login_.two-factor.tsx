import { readForm } from "#app/server/shared/body.server.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { catalogueTitle } from "#app/components/meta.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { appUrl } from "#app/server/shared/env.server.ts";
import { createSession, requireAnonymous, safeRedirect } from "#app/server/shared/session.server.ts";
import {
  challengeCookie,
  completeLoginChallenge,
  pendingChallenge,
  readChallengeToken,
} from "#app/server/shared/two-factor.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "security:pageTitle");

const CodeSchema = z.object({ code: z.string().trim().min(1).max(40), redirectTo: z.string().max(2000).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // Only reachable after a right password: without a live challenge, start again.
  if (!(await pendingChallenge(await getDb(), readChallengeToken(request)))) throw redirect("/login");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const parsed = CodeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "security:invalidCode", minutes: 0 }, { status: 400 });
  const db = await getDb();
  const r = await completeLoginChallenge(db, readChallengeToken(request), parsed.data.code);
  if (!r.ok) {
    if (r.reason === "expired") return data({ error: "security:challengeExpired", minutes: 0 }, { status: 400 });
    if (r.reason === "rate_limited") {
      return data(
        { error: "security:tooManyCodes", minutes: Math.ceil((r.retryAfterSeconds ?? 60) / 60) },
        { status: 429 },
      );
    }
    return data({ error: "security:invalidCode", minutes: 0 }, { status: 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(db, r.userId, request));
  headers.append("Set-Cookie", challengeCookie("", appUrl().startsWith("https:")));
  const to = safeRedirect(parsed.data.redirectTo, "/account");
  // After a recovery code, show how many are left on the two-factor page.
  return redirect(r.usedRecoveryCode ? `/account/two-factor?recovery=1` : to, { headers });
}

export default function TwoFactorCodePage() {
  const { t } = useTranslation("security");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const error = actionData?.error ? t(actionData.error, { minutes: actionData.minutes }) : null;
  return (
    <section className="narrow card">
      <h1>{t("codeTitle")}</h1>
      <p id="code-intro">{t("codeIntro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="code">{t("codeLabel")}</label>
          <input
            id="code"
            name="code"
            required
            autoFocus
            autoComplete="one-time-code"
            inputMode="text"
            maxLength={40}
            aria-describedby={error ? "code-intro code-error" : "code-intro"}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <ErrorList id="code-error" errors={error ? [error] : null} />
        <SubmitButton pending={navigation.state !== "idle"}>{t("submitCode")}</SubmitButton>
      </Form>
      <p>
        <Link to="/login">{t("backToLogin")}</Link>
      </p>
    </section>
  );
}

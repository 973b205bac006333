import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { verifyEmail } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "account:verifyTitle");

const Query = z.object({ token: z.string().min(20).max(200) });

/**
 * Confirms the address. It does not sign the visitor in: mail scanners open links too, and a
 * scanner must not end up holding a session.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false };
  return verifyEmail(await getDb(), parsed.data.token);
}

export default function VerifyEmailPage() {
  const { t } = useTranslation("account");
  const { ok } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card">
      <h1>{t("verifyTitle")}</h1>
      <p role={ok ? "status" : "alert"}>{ok ? t("verified") : t("verifyFailed")}</p>
      <p>
        <Link className="btn" to={ok ? "/login" : "/register"}>
          {ok ? t("goLogin") : t("registerLink")}
        </Link>
      </p>
    </section>
  );
}

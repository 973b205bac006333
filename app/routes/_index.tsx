import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ContestRules } from "#app/components/contest-rules.tsx";
import { formatIsoDate } from "#app/domain/dates.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getNewestContestRules, listPublicContests } from "#app/server/journalist/contests.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, null);

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const db = await getDb();
  // The newest contest is shown in full: that is the one entrants come for.
  const [contests, featured] = await Promise.all([listPublicContests(db, locale), getNewestContestRules(db, locale)]);
  return { contests, featured };
}

export default function Home() {
  const { contests, featured } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["contest", "common"]);
  return (
    <>
      <section className="hero">
        <h1>{t("common:appName")}</h1>
        <p>{t("common:tagline")}</p>
      </section>
      <section aria-labelledby="contest-list">
        <h2 id="contest-list">{t("contests")}</h2>
        {contests.length === 0 ? (
          <p>{t("noContests")}</p>
        ) : (
          <ul className="contest-list">
            {contests.map((c) => (
              <li key={c.slug} className="card">
                <Link to={`/contests/${c.slug}`}>{c.name}</Link>
                <span className="muted">
                  {" "}
                  · {t(`phase.${c.phase}`)} · {t("deadline")}: {formatIsoDate(c.submissionDeadline)}
                </span>
                {c.phase === "PUBLISHED" ? (
                  <>
                    {" "}
                    · <Link to={`/contests/${c.slug}/results`}>{t("viewResults")}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {featured ? <ContestRules contest={featured} /> : null}
    </>
  );
}

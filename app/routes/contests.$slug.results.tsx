import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { formatInstant } from "#app/domain/format.ts";
import { pickLocale } from "#app/domain/text.ts";
import { formatVnd } from "#app/domain/money.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { publicContestSummary } from "#app/server/journalist/contests.server.ts";
import { publicResults } from "#app/server/results/publish.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const locale = getLocale(request);
  const db = await getDb();
  const results = await publicResults(db, parsed.data.slug, locale);
  if (results) return { results, pending: null, locale };
  // A public contest whose results are not out yet: say so and what comes next, in the page.
  const contest = await publicContestSummary(db, parsed.data.slug);
  if (!contest) throw notFound();
  return {
    results: null,
    pending: {
      slug: contest.slug,
      name: pickLocale(locale, contest.nameVi, contest.nameEn),
      phase: contest.phase,
      deadline: formatIsoDate(toIsoDate(contest.submissionDeadline)),
    },
    locale,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  catalogueTitle(matches, "results:resultsTitle", [d?.results?.contest.name ?? d?.pending?.name]);

/** Before publication: the results are not out, and the step the contest is at. */
function PendingResults({ pending }: { pending: { slug: string; name: string; phase: string; deadline: string } }) {
  const { t } = useTranslation("results");
  return (
    <section>
      <h1>{t("publicTitle", { name: pending.name })}</h1>
      <div className="card" role="status">
        <h2>{t("notPublishedTitle")}</h2>
        <p>{t(`notPublishedStep.${pending.phase}`, { deadline: pending.deadline })}</p>
      </div>
      <p>
        <Link to={`/contests/${pending.slug}`}>{t("backToRules")}</Link>
      </p>
    </section>
  );
}

/** The public results page: per category, each prize with its rank, the entry, its outlet, its authors and the amount, then the prizes not awarded. */
export default function PublicResultsPage() {
  const { results, pending, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("results");
  if (!results) return pending ? <PendingResults pending={pending} /> : null;
  return (
    <section>
      <h1>{t("publicTitle", { name: results.contest.name })}</h1>
      {results.contest.publishedAt ? (
        <p className="muted">
          {t("publishedAt", {
            date: formatInstant(results.contest.publishedAt, results.contest.timeZone).slice(0, 10),
          })}
        </p>
      ) : null}
      <p>
        <Link to={`/contests/${results.contest.slug}`}>{results.contest.name}</Link>
      </p>
      {results.categories.map((c) => (
        <section key={c.code} className="results-category" aria-labelledby={`pub-${c.code}`}>
          <h2 id={`pub-${c.code}`}>{c.name}</h2>
          {c.prizes.length === 0 ? (
            <p>{t("publicNone")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t("rank")}
                    </th>
                    <th scope="col">{t("prize")}</th>
                    <th scope="col">{t("title")}</th>
                    <th scope="col">{t("outlet")}</th>
                    <th scope="col">{t("authors")}</th>
                    <th scope="col" className="num">
                      {t("amount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.prizes.map((p) => (
                    <tr key={p.entry.code}>
                      <td className="num">{p.rank ?? "–"}</td>
                      <td>{p.tier}</td>
                      <td>{p.entry.title}</td>
                      <td>{p.entry.outlet}</td>
                      <td>{p.entry.authors.join(", ")}</td>
                      <td className="num">{formatVnd(p.amount, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {c.unawarded.length ? (
            <p>{c.unawarded.map((u) => t("publicUnawarded", { count: u.count, tier: u.tier })).join(" · ")}</p>
          ) : null}
        </section>
      ))}
      <p className="total">
        <strong>{t("contestTotal", { amount: formatVnd(results.total, locale) })}</strong>
      </p>
    </section>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatInstant } from "#app/domain/format.ts";
import { formatVnd } from "#app/domain/money.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/db.server.ts";
import { notFound } from "#app/server/errors.server.ts";
import { publicResults } from "#app/server/publish.server.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const locale = getLocale(request);
  const results = await publicResults(await getDb(), parsed.data.slug, locale);
  if (!results) throw notFound("Kết quả chưa được công bố.");
  return { results, locale };
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `Kết quả · ${d.results.contest.name}` : "Kết quả" }];

/** The public results page: per category, each prize with its rank, the entry, its outlet, its authors and the amount, then the prizes not awarded. */
export default function PublicResultsPage() {
  const { results, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("results");
  return (
    <section>
      <h1>{t("publicTitle", { name: results.contest.name })}</h1>
      {results.contest.publishedAt ? <p className="muted">{t("publishedAt", { date: formatInstant(results.contest.publishedAt).slice(0, 10) })}</p> : null}
      <p><Link to={`/contests/${results.contest.slug}`}>{results.contest.name}</Link></p>
      {results.categories.map((c) => (
        <section key={c.code} className="results-category" aria-labelledby={`pub-${c.code}`}>
          <h2 id={`pub-${c.code}`}>{c.name}</h2>
          {c.prizes.length === 0 ? (
            <p>{t("publicNone")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead><tr><th scope="col" className="num">{t("rank")}</th><th scope="col">{t("prize")}</th><th scope="col">{t("title")}</th><th scope="col">{t("outlet")}</th><th scope="col">{t("authors")}</th><th scope="col" className="num">{t("amount")}</th></tr></thead>
                <tbody>
                  {c.prizes.map((p) => (
                    <tr key={p.entry.code}>
                      <td className="num">{p.rank ?? "–"}</td><td>{p.tier}</td><td>{p.entry.title}</td><td>{p.entry.outlet}</td><td>{p.entry.authors.join(", ")}</td><td className="num">{formatVnd(p.amount, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {c.unawarded.length ? <p>{c.unawarded.map((u) => t("publicUnawarded", { count: u.count, tier: u.tier })).join(" · ")}</p> : null}
        </section>
      ))}
      <p className="total"><strong>{t("contestTotal", { amount: formatVnd(results.total, locale) })}</strong></p>
    </section>
  );
}

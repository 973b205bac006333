import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { formatIsoDate } from "#app/domain/dates.ts";
import { formatVnd } from "#app/domain/money.ts";
import { prizeMoneyTotal, sameTiers, tierSubtotal } from "#app/domain/prizes.ts";
import type { ContestRulesView } from "#app/domain/contest-view.ts";
import type { Locale } from "#app/i18n/i18n.ts";

type Tier = ContestRulesView["categories"][number]["tiers"][number];

function PrizeTable({ tiers, caption, locale }: { tiers: Tier[]; caption: string; locale: Locale }) {
  const { t } = useTranslation("contest");
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="prize-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("prize")}</th>
            <th scope="col" className="num">
              {t("count")}
            </th>
            <th scope="col" className="num">
              {t("amount")}
            </th>
            <th scope="col" className="num">
              {t("subtotal")}
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier) => (
            <tr key={tier.position}>
              <th scope="row">{tier.name}</th>
              <td className="num">{tier.count}</td>
              <td className="num">{formatVnd(tier.amount, locale)}</td>
              <td className="num">{formatVnd(tierSubtotal(tier), locale)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t("totalPerCategory")}
            </th>
            <td className="num">{formatVnd(prizeMoneyTotal(tiers), locale)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * What a visitor can do with the contest now: submit (or sign in to submit) while entries are
 * accepted, read the results once they are published.
 */
function ContestActions({ contest }: { contest: ContestRulesView }) {
  const { t } = useTranslation("contest");
  const root = useRouteLoaderData<{ user: { name: string } | null }>("root");
  const enter = `/contests/${contest.slug}/enter`;
  if (contest.acceptingEntries) {
    return (
      <p className="contest-actions">
        {root?.user ? (
          <Link className="btn" to={enter}>
            {t("submitEntry")}
          </Link>
        ) : (
          <>
            <Link className="btn" to={`/login?redirectTo=${encodeURIComponent(enter)}`}>
              {t("signInToSubmit")}
            </Link>{" "}
            <Link to="/register">{t("registerToSubmit")}</Link>
          </>
        )}
      </p>
    );
  }
  if (contest.phase === "PUBLISHED") {
    return (
      <p className="contest-actions">
        <Link className="btn" to={`/contests/${contest.slug}/results`}>
          {t("viewResults")}
        </Link>
      </p>
    );
  }
  return null;
}

/** The rules of a contest as entrants need them: window, deadline, groups, prizes, contact. */
export function ContestRules({ contest }: { contest: ContestRulesView }) {
  const { t, i18n } = useTranslation("contest");
  const locale = i18n.language as Locale;
  const tierGroups = contest.categories.map((c) => c.tiers);
  const shared = sameTiers(tierGroups);
  const total = contest.categories.reduce((s, c) => s + prizeMoneyTotal(c.tiers), 0);
  return (
    <article className="contest-rules" aria-labelledby={`rules-${contest.slug}`}>
      <header className="contest-rules__header">
        <p className="badge" data-phase={contest.phase}>
          {t(`phase.${contest.phase}`)}
        </p>
        <h2 id={`rules-${contest.slug}`}>{contest.name}</h2>
        {contest.theme ? (
          <p className="theme">
            {t("theme")}: <strong>{contest.theme}</strong>
          </p>
        ) : null}
        {contest.description ? <p>{contest.description}</p> : null}
        <ContestActions contest={contest} />
      </header>
      <dl className="facts">
        <div>
          <dt>{t("publicationWindow")}</dt>
          <dd>
            {t("windowValue", {
              start: formatIsoDate(contest.publicationStart),
              end: formatIsoDate(contest.publicationEnd),
            })}
          </dd>
        </div>
        <div>
          <dt>{t("deadline")}</dt>
          <dd>
            {t("deadlineValue", { date: formatIsoDate(contest.submissionDeadline) })}
            {contest.postmarkCounts ? <span className="note"> {t("postmarkNote")}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t("categories")}</dt>
          <dd>
            <ul className="chips">
              {contest.categories.map((c) => (
                <li key={c.code}>{c.name}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {shared && contest.categories[0] ? (
        <PrizeTable tiers={contest.categories[0].tiers} caption={t("prizes")} locale={locale} />
      ) : (
        contest.categories.map((c) => <PrizeTable key={c.code} tiers={c.tiers} caption={c.name} locale={locale} />)
      )}
      <p className="total">
        {t("totalAll")}: <strong>{formatVnd(total, locale)}</strong>
      </p>
      <section aria-labelledby={`contact-${contest.slug}`} className="contact">
        <h3 id={`contact-${contest.slug}`}>{t("contact")}</h3>
        <address>
          <strong>{contest.organizer.name}</strong>
          {contest.organizer.unit ? <div>{contest.organizer.unit}</div> : null}
          {contest.organizer.address ? (
            <div>
              {t("address")}: {contest.organizer.address}
            </div>
          ) : null}
          {contest.organizer.phone ? (
            <div>
              {t("phone")}: {contest.organizer.phone}
            </div>
          ) : null}
          {contest.organizer.email ? (
            <div>
              {t("email")}: <a href={`mailto:${contest.organizer.email}`}>{contest.organizer.email}</a>
            </div>
          ) : null}
        </address>
      </section>
    </article>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { toIsoDate, formatIsoDate } from "#app/domain/dates.ts";
import { isOpenForChanges } from "#app/domain/eligibility.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { now } from "#app/server/shared/clock.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { openPhaseContests } from "#app/server/journalist/contests.server.ts";
import { listMyEntries } from "#app/server/journalist/entries.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "entry:myEntries");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const en = getLocale(request) === "en";
  const [rows, openPhase] = await Promise.all([listMyEntries(db, user.id), openPhaseContests(db)]);
  const open = openPhase.filter((c) =>
    isOpenForChanges(
      { phase: c.phase, submissionDeadline: toIsoDate(c.submissionDeadline), timeZone: c.timeZone },
      now(),
    ),
  );
  return {
    entries: rows.map((e) => ({
      id: e.id,
      code: e.code,
      title: e.title,
      status: e.status,
      statusReason: e.statusReason,
      contest: en ? e.contestNameEn || e.contestNameVi : e.contestNameVi,
      category: en ? e.categoryNameEn || e.categoryNameVi : e.categoryNameVi,
    })),
    openContests: open.map((c) => ({
      slug: c.slug,
      name: en ? c.nameEn || c.nameVi : c.nameVi,
      deadline: formatIsoDate(toIsoDate(c.submissionDeadline)),
    })),
  };
}

/** "My entries": every entry with its code, category, status and the organizers' note. */
export default function MyEntriesPage() {
  const { t } = useTranslation("entry");
  const { entries, openContests } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("myEntries")}</h1>
      {params.get("done") === "deleted" ? (
        <p role="status" className="flash">
          {t("draftDeleted")}
        </p>
      ) : null}
      {openContests.length ? (
        <ul className="space-list">
          {openContests.map((c) => (
            <li key={c.slug}>
              <Link className="btn" to={`/contests/${c.slug}/enter`}>
                {t("enterContest", { contest: c.name })}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {entries.length === 0 ? (
        <p>{t("noEntries")}</p>
      ) : (
        <div className="table-wrap">
          <div className="table-scroll" tabIndex={0}>
            <table className="entries-table">
              <thead>
                <tr>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{t("title")}</th>
                  <th scope="col">{t("category")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{t("organizerNote")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.code ?? <span className="muted">{t("noCode")}</span>}</td>
                    <td>
                      <Link to={`/me/entries/${e.id}`}>{e.title}</Link>
                      <div className="note">{e.contest}</div>
                    </td>
                    <td>{e.category}</td>
                    <td>
                      <span className={`status status--${e.status.toLowerCase()}`}>{t(`statuses.${e.status}`)}</span>
                    </td>
                    <td>{e.status === "ELIGIBLE" || e.status === "INELIGIBLE" ? e.statusReason : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

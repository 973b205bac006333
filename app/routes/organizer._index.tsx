import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { forbidden } from "#app/server/shared/errors.server.ts";
import { listOrganizerContests } from "#app/server/organizer/contests.server.ts";
import { isAdmin, organizerContestIds } from "#app/server/shared/permissions.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { pickLocale } from "#app/domain/text.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "organizer:home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!isAdmin(user) && organizerContestIds(user).length === 0) throw forbidden();
  const contests = await listOrganizerContests(await getDb(), user);
  return {
    admin: isAdmin(user),
    contests: contests.map((c) => ({
      slug: c.slug,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      phase: c.phase,
      deadline: toIsoDate(c.submissionDeadline),
      entries: c._count.entries,
    })),
  };
}

/** The contests the signed-in user organizes (all of them for an admin). */
export default function OrganizerHome() {
  const { t, i18n } = useTranslation("organizer");
  const { contests, admin } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("home.title")}</h1>
      {admin ? (
        <p>
          <Link to="/admin">{t("home.adminLink")}</Link>
        </p>
      ) : null}
      {contests.length === 0 ? (
        <p>{t("home.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <caption>{t("home.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("home.contest")}</th>
                <th scope="col">{t("home.phase")}</th>
                <th scope="col">{t("home.deadline")}</th>
                <th scope="col" className="num">
                  {t("home.entries")}
                </th>
              </tr>
            </thead>
            <tbody>
              {contests.map((c) => (
                <tr key={c.slug}>
                  <td>
                    <Link to={`/organizer/${c.slug}`}>{pickLocale(i18n.language, c.nameVi, c.nameEn)}</Link>
                  </td>
                  <td>
                    <span className="badge" data-phase={c.phase}>
                      {t(`phase.${c.phase}`)}
                    </span>
                  </td>
                  <td>{formatIsoDate(c.deadline)}</td>
                  <td className="num">{c.entries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

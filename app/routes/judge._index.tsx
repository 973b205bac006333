import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { forbidden } from "#app/server/shared/errors.server.ts";
import { listJudgeWork } from "#app/server/judging/judging.server.ts";
import { judgeContestIds, requireTwoFactor } from "#app/server/shared/permissions.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "judging:homeTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (judgeContestIds(user).length === 0) throw forbidden();
  await requireTwoFactor(request, user);
  const db = await getDb();
  // Only contests the user still judges (the grants were read with the session, this request):
  // a revoked grant hides its old assignments.
  const judged = new Set(judgeContestIds(user));
  const rounds = await listJudgeWork(db, user.id, getLocale(request));
  return { rounds: rounds.filter((r) => judged.has(r.contestId)).map(({ contestId: _, ...r }) => r) };
}

/** A judge's home: rounds with progress and the entries to score. */
export default function JudgeHome() {
  const { rounds } = useLoaderData<typeof loader>();
  const { t } = useTranslation("judging");
  return (
    <section>
      <h1>{t("homeTitle")}</h1>
      <p>{t("homeIntro")}</p>
      {rounds.length === 0 ? <p>{t("noWork")}</p> : null}
      {rounds.map((r) => (
        <section key={r.roundId} className="judge-round" aria-labelledby={`round-${r.roundId}`}>
          <h2 id={`round-${r.roundId}`}>
            {r.roundName} <span className="badge">{t(`roundStatus.${r.status}`)}</span>
          </h2>
          <p className="muted">{r.contestName}</p>
          <p>
            <progress max={r.total} value={r.submitted} aria-label={t("progress", r)} /> {t("progress", r)}
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{t("title")}</th>
                  <th scope="col">{t("category")}</th>
                  <th scope="col">{t("status")}</th>
                </tr>
              </thead>
              <tbody>
                {r.entries.map((e) => (
                  <tr key={e.entryId}>
                    <td>{e.code}</td>
                    <td>
                      <Link to={`/judge/rounds/${r.roundId}/entries/${e.entryId}`}>{e.title}</Link>
                    </td>
                    <td>{e.category}</td>
                    <td>
                      <span className={`score-status score-status--${e.scoreStatus.toLowerCase()}`}>
                        {t(`scoreStatus.${e.scoreStatus}`)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}

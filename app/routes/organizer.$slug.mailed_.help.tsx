import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { csvColumnsHelp } from "#app/domain/mailed-csv-help.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await loadOrganizedContest(request, params.slug);
  return { slug: contest.slug, postmarkCounts: contest.postmarkCounts, columns: csvColumnsHelp() };
}

/** The CSV format of mailed entries, for organizers (who have no README), with a template to download. */
export default function MailedCsvHelp() {
  const { t } = useTranslation("organizer");
  const { slug, postmarkCounts, columns } = useLoaderData<typeof loader>();
  const base = `/organizer/${slug}/mailed`;
  return (
    <section>
      <p>
        <Link to={base}>← {t("mailedHelp.back")}</Link>
      </p>
      <h1>{t("mailedHelp.title")}</h1>
      <p>{t("mailedHelp.intro")}</p>
      <p>
        <a className="btn" href={`${base}/template.csv`} download>
          {t("mailedHelp.template")}
        </a>
      </p>
      <p className="hint">{t("mailedHelp.templateHint")}</p>
      <h2>{t("mailedHelp.formatTitle")}</h2>
      <ul>
        <li>{t("mailedHelp.format.encoding")}</li>
        <li>{t("mailedHelp.format.header")}</li>
        <li>{t("mailedHelp.format.quotes")}</li>
        <li>{t("mailedHelp.format.dates")}</li>
        <li>{t("mailedHelp.format.series")}</li>
        <li>{t("mailedHelp.format.allOrNothing")}</li>
        <li>{postmarkCounts ? t("mailedHelp.format.postmark") : t("mailedHelp.format.received")}</li>
      </ul>
      <h2 id="csv-columns">{t("mailedHelp.columnsTitle")}</h2>
      <div className="table-scroll" role="region" aria-labelledby="csv-columns" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mailedHelp.column")}</th>
              <th scope="col">{t("mailedHelp.required")}</th>
              <th scope="col">{t("mailedHelp.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{c.required ? t("mailedHelp.yes") : ""}</td>
                {/* A column added to the import without a description still shows its name. */}
                <td>{t(`mailedHelp.columns.${c.name}`, { defaultValue: "—" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { useTranslation } from "#app/i18n/use-translation.ts";
import { formatIsoDate } from "#app/domain/dates.ts";

/** The days the chart shows: the last 60 up to the deadline (ISO dates sort as strings). */
export function chartDays<D extends { day: string }>(days: D[], deadline: string): D[] {
  return days.filter((d) => d.day <= deadline).slice(-60);
}

/**
 * Submissions per day up to the deadline as an HTML bar chart: each bar is a table row, so
 * screen readers read the figures and no chart library is needed.
 */
export function SubmissionsChart({ days, deadline }: { days: { day: string; n: number }[]; deadline: string }) {
  const { t } = useTranslation("organizer");
  const shown = chartDays(days, deadline);
  const max = Math.max(1, ...shown.map((d) => d.n));
  if (!shown.length) return <p>{t("dashboard.noSubmissions")}</p>;
  return (
    <table className="bar-chart">
      <caption className="visually-hidden">{t("dashboard.chartCaption")}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t("dashboard.day")}</th>
          <th scope="col">{t("dashboard.count")}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((d) => (
          <tr key={d.day}>
            <th scope="row">{formatIsoDate(d.day)}</th>
            <td>
              <span className="bar-chart__bar" style={{ width: `${(d.n / max) * 100}%` }} aria-hidden="true" />
              <span className="bar-chart__n">{d.n}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/components/organizer/ui.tsx";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { auditLog, AuditFiltersSchema } from "#app/server/organizer/oversight.server.ts";
import { parseQuery } from "#app/server/body.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const filters = parseQuery(request, AuditFiltersSchema);
  return { filters, ...(await auditLog(db, contest.id, filters)) };
}

/** The contest's audit log, newest first; read-only (the table itself refuses changes). */
export default function AuditPage() {
  const { t } = useTranslation("organizer");
  const { filters, rows, total, size, actions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / size));
  const page = (n: number) => {
    const p = new URLSearchParams(params);
    p.set("page", String(n));
    return `?${p}`;
  };
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters card" role="search" aria-label={t("audit.filters")}>
        <div className="form-grid form-grid--tight">
          <div className="field"><label htmlFor="a-actor">{t("audit.actor")}</label><input id="a-actor" name="actor" defaultValue={filters.actor} /></div>
          <div className="field">
            <label htmlFor="a-action">{t("audit.action")}</label>
            <select id="a-action" name="action" defaultValue={filters.action}>
              <option value="">{t("entries.all")}</option>
              {actions.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </div>
          <div className="field"><label htmlFor="a-entry">{t("audit.entry")}</label><input id="a-entry" name="entry" defaultValue={filters.entry} /></div>
        </div>
        <button type="submit" className="btn">{t("entries.apply")}</button>
      </Form>
      <div className="table-scroll" tabIndex={0}><table className="audit-table">
        <caption>{t("audit.caption", { total })}</caption>
        <thead><tr><th scope="col">{t("audit.at")}</th><th scope="col">{t("audit.actor")}</th><th scope="col">{t("audit.action")}</th><th scope="col">{t("audit.entry")}</th><th scope="col">{t("audit.change")}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.at)}</td>
              <td>{r.actor}</td>
              <td><code>{r.action}</code></td>
              <td>{r.entryCode}</td>
              <td className="audit-change">{r.before ? <div><span className="muted">{t("audit.before")}:</span> <code>{r.before}</code></div> : null}{r.after ? <div><span className="muted">{t("audit.after")}:</span> <code>{r.after}</code></div> : null}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <nav aria-label={t("entries.pagination")} className="pagination">
        {filters.page > 1 ? <Link to={page(filters.page - 1)}>{t("entries.prev")}</Link> : null}
        <span>{t("entries.pageOf", { page: filters.page, pages })}</span>
        {filters.page < pages ? <Link to={page(filters.page + 1)}>{t("entries.next")}</Link> : null}
      </nav>
    </section>
  );
}

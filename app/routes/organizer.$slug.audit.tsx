import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { auditLog, AuditFiltersSchema } from "#app/server/organizer/oversight.server.ts";
import { parseQuery } from "#app/server/shared/body.server.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { formatInstant } from "#app/domain/format.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const filters = parseQuery(request, AuditFiltersSchema);
  return { filters, timeZone: contest.timeZone, ...(await auditLog(db, contest.id, filters, 50, getLocale(request))) };
}

/** The contest's audit log, newest first; read-only (the table itself refuses changes). */
export default function AuditPage() {
  const { t } = useTranslation("organizer");
  const { filters, rows, total, size, actions, timeZone } = useLoaderData<typeof loader>();
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
          <div className="field">
            <label htmlFor="a-actor">{t("audit.actor")}</label>
            <input
              id="a-actor"
              name="actor"
              type="search"
              maxLength={200}
              defaultValue={filters.actor}
              aria-describedby="a-actor-hint"
            />
            <div id="a-actor-hint" className="hint">
              {t("audit.actorHint")}
            </div>
          </div>
          <div className="field">
            <label htmlFor="a-action">{t("audit.action")}</label>
            <select id="a-action" name="action" defaultValue={filters.action}>
              <option value="">{t("entries.all")}</option>
              {actions.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="a-entry">{t("audit.entry")}</label>
            <input id="a-entry" name="entry" defaultValue={filters.entry} />
          </div>
        </div>
        <button type="submit" className="btn">
          {t("entries.apply")}
        </button>
      </Form>
      <div className="table-scroll" tabIndex={0}>
        <table className="audit-table">
          <caption>{t("audit.caption", { count: total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.what")}</th>
              <th scope="col">{t("audit.entry")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3}>{t("audit.none")}</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatInstant(r.at, timeZone)}</td>
                  <td className="audit-change">
                    <p>{r.sentence}</p>
                    {/* The stored record, for whoever needs the exact ids and values. */}
                    <details>
                      <summary>{t("audit.details")}</summary>
                      <p className="muted">
                        {r.actor} · <code>{r.action}</code>
                      </p>
                      {r.before ? (
                        <div>
                          <span className="muted">{t("audit.before")}:</span>
                          <pre>
                            <code>{r.before}</code>
                          </pre>
                        </div>
                      ) : null}
                      {r.after ? (
                        <div>
                          <span className="muted">{t("audit.after")}:</span>
                          <pre>
                            <code>{r.after}</code>
                          </pre>
                        </div>
                      ) : null}
                    </details>
                  </td>
                  <td>{r.entryCode}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label={t("entries.pagination")} className="pagination">
        {filters.page > 1 ? <Link to={page(filters.page - 1)}>{t("entries.prev")}</Link> : null}
        <span>{t("entries.pageOf", { page: filters.page, pages })}</span>
        {filters.page < pages ? <Link to={page(filters.page + 1)}>{t("entries.next")}</Link> : null}
      </nav>
    </section>
  );
}

import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { template, useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { useAppLinkClick } from "#app/components/app-links.tsx";
import { formatDateTime, Notice } from "#app/components/organizer/ui.tsx";
import { FLAG_CODES } from "#app/domain/eligibility-flags.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { flaggedUndecided } from "#app/server/organizer/reads.server.ts";
import { decideEligibility, EntryFiltersSchema, recomputeFlags } from "#app/server/organizer/entries.server.ts";
import { parseQuery, readForm } from "#app/server/shared/body.server.ts";
import { attempt, refusalText } from "#app/server/shared/refusals.server.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { pickLocale } from "#app/domain/text.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Parsed before the contest is read, so the table goes out in the same statement (see loadOrganizedContest).
  const filters = parseQuery(request, EntryFiltersSchema);
  const { contest, entries } = await loadOrganizedContest(request, params.slug, { entries: filters });
  const { total, categories, rows } = entries;
  return {
    total,
    categories,
    filters,
    slug: contest.slug,
    // What the table shows and no more, in the words it shows: the page's data is serialised
    // into the HTML, and each field of each row costs there and again when hydrating.
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      outlet: r.outlet,
      authors: r.authors.map((a) => a.fullName + (a.penName ? ` (${a.penName})` : "")).join(", "),
      category: r.category,
      status: r.status,
      channel: r.channel,
      submittedAt: formatDateTime(r.submittedAt, contest.timeZone),
      flags: r.flags,
    })),
  };
}

const DecideSchema = z.object({
  intent: z.literal("decide"),
  decision: z.enum(["ELIGIBLE", "INELIGIBLE"]),
  reason: z.string().trim().max(2000).default(""),
  entryId: z.array(z.string().min(1)).min(1).max(1000),
  /** Flagged entries the organizer saw listed and still marks eligible. */
  confirmFlagged: z.array(z.string().min(1)).max(1000).default([]),
});
const ActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("recompute") }), DecideSchema]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = await readForm(request);
  const posted = ActionSchema.safeParse({
    intent: form.get("intent"),
    decision: form.get("decision"),
    reason: form.get("reason") ?? "",
    entryId: form.getAll("entryId"),
    confirmFlagged: form.getAll("confirmFlagged"),
  });
  if (!posted.success)
    return data({ recomputed: null, decided: null, error: "entries.pickSome", flagged: null }, { status: 400 });
  if (posted.data.intent === "recompute") {
    const r = await recomputeFlags(db, contest.id);
    return { recomputed: r, decided: null, error: null, flagged: null };
  }
  const input = posted.data;
  if (input.decision === "ELIGIBLE") {
    // Marking eligible an entry the checks flagged (missing evidence, late …) is allowed, but
    // not without a word: list them and ask first. Nothing changes until the organizer confirms.
    const flagged = await flaggedUndecided(db, contest.id, input.entryId);
    const confirmed = new Set(input.confirmFlagged);
    if (flagged.some((e) => !confirmed.has(e.id))) {
      return data(
        { recomputed: null, decided: null, error: null, flagged: { entries: flagged, reason: input.reason } },
        { status: 409 },
      );
    }
  }
  const r = await attempt(request, () =>
    decideEligibility(db, {
      contestId: contest.id,
      entryIds: input.entryId,
      decision: input.decision,
      reason: input.reason,
      actorId: user.id,
    }),
  );
  if (!r.ok) return data({ recomputed: null, decided: null, error: r.message, flagged: null }, { status: r.status });
  const locale = getLocale(request);
  const failed = r.value.failed.map((f) => ({ id: f.id, code: f.code, message: refusalText(f.refusal, locale) }));
  return { recomputed: null, decided: { done: r.value.done.length, failed }, error: null, flagged: null };
}

/** All entries of the contest: filter, search, sort, page, and decide eligibility in bulk. */
export default function EntriesPage() {
  const { t, i18n } = useTranslation("organizer");
  const { rows, total, filters, categories, slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / filters.size));
  // Interpolated once per language, each row only joins (use-translation.ts).
  const selectOne = template(t, "entries.selectOne", ["code"]);
  const pageOf = template(t, "entries.pageOf", ["page", "pages"]);
  const link = (over: Record<string, string | number>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(over)) p.set(k, String(v));
    return `?${p}`;
  };
  const sortLink = (col: string) =>
    link({ sort: col, dir: filters.sort === col && filters.dir === "asc" ? "desc" : "asc", page: 1 });
  const ariaSort = (col: string) =>
    filters.sort === col ? (filters.dir === "asc" ? "ascending" : "descending") : undefined;
  // The table's links (a code per row, the sort headers, the pages) are plain links under one
  // handler instead of a <Link> each (app-links.tsx).
  const onLinkClick = useAppLinkClick();
  return (
    <section onClick={onLinkClick}>
      <h1>{t("entries.title")}</h1>
      <Form method="get" className="filters card" role="search" aria-label={t("entries.filters")}>
        <div className="form-grid form-grid--tight">
          <div className="field">
            <label htmlFor="q">{t("entries.search")}</label>
            <input id="q" name="q" type="search" defaultValue={filters.q} aria-describedby="q-hint" />
            <div id="q-hint" className="hint">
              {t("entries.searchHint")}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-category">{t("entries.category")}</label>
            <select id="f-category" name="category" defaultValue={filters.category}>
              <option value="">{t("entries.all")}</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {pickLocale(i18n.language, c.nameVi, c.nameEn)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-status">{t("entries.status")}</label>
            <select id="f-status" name="status" defaultValue={filters.status}>
              <option value="">{t("entries.allSubmitted")}</option>
              {(["SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-channel">{t("entries.channel")}</label>
            <select id="f-channel" name="channel" defaultValue={filters.channel}>
              <option value="">{t("entries.all")}</option>
              <option value="ONLINE">{t("channel.ONLINE")}</option>
              <option value="POSTAL">{t("channel.POSTAL")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-flag">{t("entries.flag")}</label>
            <select id="f-flag" name="flag" defaultValue={filters.flag}>
              <option value="">{t("entries.all")}</option>
              <option value="any">{t("entries.anyFlag")}</option>
              {FLAG_CODES.map((f) => (
                <option key={f} value={f}>
                  {t(`flags.${f}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <button type="submit" className="btn">
          {t("entries.apply")}
        </button>
      </Form>

      <Notice>{result?.recomputed ? t("entries.recomputed", result.recomputed) : null}</Notice>
      <Notice>{result?.decided ? t("entries.decided", { n: result.decided.done }) : null}</Notice>
      {result?.decided?.failed.length ? (
        <Notice tone="error">
          <ul>
            {result.decided.failed.map((f) => (
              <li key={f.id}>
                {f.code ?? f.id}: {f.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <ErrorList errors={result?.error ? [t(result.error, { defaultValue: result.error })] : []} />

      <Form method="post" className="inline-actions">
        <SubmitButton name="intent" value="recompute" pending={busy} className="btn btn--secondary">
          {t("entries.recompute")}
        </SubmitButton>
      </Form>

      <Form method="post" id="bulk">
        <input type="hidden" name="intent" value="decide" />
        <div className="table-scroll" tabIndex={0}>
          <table className="entries-table org-entries">
            <caption>{t("entries.caption", { count: total, page: filters.page, pages })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t("entries.select")}</span>
                </th>
                <th scope="col" aria-sort={ariaSort("code")}>
                  <a href={sortLink("code")} data-app-link="">
                    {t("entries.code")}
                  </a>
                </th>
                <th scope="col" aria-sort={ariaSort("title")}>
                  <a href={sortLink("title")} data-app-link="">
                    {t("entries.titleCol")}
                  </a>
                </th>
                <th scope="col">{t("entries.authors")}</th>
                <th scope="col">{t("entries.category")}</th>
                <th scope="col" aria-sort={ariaSort("status")}>
                  <a href={sortLink("status")} data-app-link="">
                    {t("entries.status")}
                  </a>
                </th>
                <th scope="col" aria-sort={ariaSort("submittedAt")}>
                  <a href={sortLink("submittedAt")} data-app-link="">
                    {t("entries.submittedAt")}
                  </a>
                </th>
                <th scope="col">{t("entries.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={8}>{t("entries.none")}</td>
                </tr>
              ) : (
                rows.map((r) => (
                  // Each attribute, class and text of a row is a string React encodes on its own
                  // and each component a render of its own, 50 times a page: the cells take their
                  // look from the table's CSS (.org-entries) and t() remembers its words (use-translation.ts).
                  <tr key={r.id}>
                    <td>
                      <input type="checkbox" name="entryId" value={r.id} aria-label={selectOne(r.code ?? r.title)} />
                    </td>
                    <td>
                      <a href={`/organizer/${slug}/entries/${r.id}`} data-app-link="">
                        {r.code ?? "—"}
                      </a>
                    </td>
                    <td>
                      {r.title}
                      <div>{r.outlet}</div>
                    </td>
                    <td>{r.authors}</td>
                    <td>{pickLocale(i18n.language, r.category.nameVi, r.category.nameEn)}</td>
                    <td>
                      <span className="badge" data-status={r.status}>
                        {t(`status.${r.status}`)}
                      </span>
                      <div>{t(`channel.${r.channel}`)}</div>
                    </td>
                    <td>{r.submittedAt}</td>
                    <td>
                      {r.flags.length ? (
                        <ul>
                          {r.flags.map((f) => (
                            <li key={f}>{t(`flags.${f}`)}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        {result?.flagged ? (
          <div className="card notice" role="alert">
            <p>
              <strong>{t("entries.flaggedWarn", { count: result.flagged.entries.length })}</strong>
            </p>
            <ul>
              {result.flagged.entries.map((e) => (
                <li key={e.id}>
                  {e.code ?? e.title}: {e.flags.map((f) => t(`flags.${f}`, { defaultValue: f })).join("; ")}
                  <input type="hidden" name="confirmFlagged" value={e.id} />
                </li>
              ))}
            </ul>
            <p>{t("entries.flaggedAsk")}</p>
            <SubmitButton name="decision" value="ELIGIBLE" pending={busy}>
              {t("entries.flaggedConfirm")}
            </SubmitButton>
          </div>
        ) : null}
        <fieldset className="card">
          <legend>{t("entries.bulkTitle")}</legend>
          <div className="field">
            <label htmlFor="bulk-reason">{t("entries.reason")}</label>
            <textarea id="bulk-reason" name="reason" rows={2} aria-describedby="bulk-reason-hint" />
            <div id="bulk-reason-hint" className="hint">
              {t("entries.reasonHint")}
            </div>
          </div>
          <div className="inline-actions">
            <SubmitButton name="decision" value="ELIGIBLE" pending={busy}>
              {t("entries.markEligible")}
            </SubmitButton>
            <SubmitButton name="decision" value="INELIGIBLE" pending={busy} className="btn btn--secondary">
              {t("entries.markIneligible")}
            </SubmitButton>
          </div>
        </fieldset>
      </Form>

      <nav aria-label={t("entries.pagination")} className="pagination">
        {filters.page > 1 ? (
          <a href={link({ page: filters.page - 1 })} data-app-link="" rel="prev">
            {t("entries.prev")}
          </a>
        ) : null}
        <span>{pageOf(filters.page, pages)}</span>
        {filters.page < pages ? (
          <a href={link({ page: filters.page + 1 })} data-app-link="" rel="next">
            {t("entries.next")}
          </a>
        ) : null}
        <span className="export-links">
          {t("entries.export")}: <a href={`/organizer/${slug}/export/entries.xlsx`}>XLSX</a> ·{" "}
          <a href={`/organizer/${slug}/export/entries.csv`}>{t("entries.entriesCsv")}</a> ·{" "}
          <a href={`/organizer/${slug}/export/authors.csv`}>{t("entries.authorsCsv")}</a>
        </span>
      </nav>
    </section>
  );
}

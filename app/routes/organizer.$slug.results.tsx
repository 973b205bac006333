import { formatNumber } from "#app/domain/format.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SubmitButton } from "#app/components/forms.tsx";
import { TieCard } from "#app/components/results/tie-card.tsx";
import { formatPercent } from "#app/domain/format.ts";
import { formatVnd } from "#app/domain/money.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { roundsForResults } from "#app/server/organizer/reads.server.ts";
import { publishResults } from "#app/server/results/publish.server.ts";
import { computeResults, resolveTieNow } from "#app/server/results/results.server.ts";
import { resultsView } from "#app/server/results/results-view.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

async function authorise(request: Request, params: unknown) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const { db, contest, user } = await loadOrganizedContest(request, parsed.data.slug);
  return { db, user, contestId: contest.id, minReasonTie: contest.minReasonTie };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contestId } = await authorise(request, params);
  const locale = getLocale(request);
  const [results, rounds] = await Promise.all([computeResults(db, contestId, locale), roundsForResults(db, contestId)]);
  return {
    ...resultsView(results),
    rounds: rounds.map((r) => ({
      position: r.position,
      name: pickLocale(locale, r.nameVi, r.nameEn),
      status: r.status,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  catalogueTitle(matches, "organizer:nav.results", [d?.contest.name]);

const Ids = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.string().min(1).max(40)).min(2).max(200));
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resolve-rule"), categoryId: z.string().min(1).max(40), entryIds: Ids }),
  z.object({
    intent: z.literal("resolve-manual"),
    categoryId: z.string().min(1).max(40),
    entryIds: Ids,
    reason: z.string().trim().max(2000),
  }),
  z.object({ intent: z.literal("publish"), confirm: z.literal("on") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, contestId, minReasonTie } = await authorise(request, params);
  const form = await readForm(request);
  const t = getI18n(getLocale(request)).getFixedT(null, "results");
  const parsed = ActionSchema.safeParse(
    Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith("place."))),
  );
  // The reason's minimum is the contest's setting (Contest.minReasonTie); too short = invalid input.
  if (
    !parsed.success ||
    (parsed.data.intent === "resolve-manual" && !reasonLongEnough(parsed.data.reason, minReasonTie))
  ) {
    return data(
      {
        intent: String(form.get("intent") ?? ""),
        key: String(form.get("entryIds") ?? ""),
        ok: false,
        message: t("actionErrors.invalid", { min: minReasonTie }),
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  if (input.intent === "publish") {
    const r = await attempt(request, () => publishResults(db, { contestId, actorId: user.id }));
    return r.ok
      ? { intent: "publish", key: "", ok: true, message: "" }
      : data({ intent: "publish", key: "", ok: false, message: r.message }, { status: r.status });
  }
  const key = input.entryIds.join(",");
  let order: string[] | undefined;
  if (input.intent === "resolve-manual") {
    // Each tied entry gets a place 1…k; the order is the entries sorted by place.
    const places = input.entryIds.map((id) => ({ id, place: Number(form.get(`place.${id}`)) }));
    order = places.sort((a, b) => a.place - b.place).map((p) => p.id);
    const distinct = new Set(places.map((p) => p.place));
    if (
      distinct.size !== places.length ||
      places.some((p) => !Number.isInteger(p.place) || p.place < 1 || p.place > places.length)
    ) {
      return data(
        { intent: input.intent, key, ok: false, message: t("actionErrors.places", { count: places.length }) },
        { status: 400 },
      );
    }
  }
  const r = await attempt(request, () =>
    resolveTieNow(db, {
      contestId,
      categoryId: input.categoryId,
      entryIds: input.entryIds,
      actorId: user.id,
      method: input.intent === "resolve-rule" ? "RULE" : "MANUAL",
      order,
      reason: input.intent === "resolve-manual" ? input.reason : "",
    }),
  );
  return r.ok
    ? { intent: input.intent, key, ok: true, message: "" }
    : data({ intent: input.intent, key, ok: false, message: r.message }, { status: r.status });
}

export default function OrganizerResultsPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("results");
  const locale = i18n.language === "en" ? "en" : "vi";
  const vnd = (n: number) => formatVnd(n, locale);
  const review = d.contest.phase === "RESULTS_REVIEW";
  const base = `/organizer/${d.contest.slug}`;
  return (
    <section>
      <h1>{t("resultsTitle")}</h1>
      <p className="muted">{d.contest.name}</p>
      <p>
        <span className="badge" data-phase={d.contest.phase}>
          {t("phase", { phase: t(`contest:phase.${d.contest.phase}`) })}
        </span>{" "}
        {d.finalRound
          ? t("finalRound", { name: d.finalRound.name, status: t(`roundStatus.${d.finalRound.status}`) })
          : null}
      </p>
      {d.finalRound?.status !== "CLOSED" ? <p className="notice">{t("provisional")}</p> : null}
      <nav aria-label={t("rounds")}>
        <ul className="export-list">
          {d.rounds.map((r) => (
            <li key={r.position}>
              <Link to={`${base}/rounds/${r.position}`}>{t("roundLink", { n: r.position, name: r.name })}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t("exports")}</h2>
      <ul className="export-list">
        {(["matrix", "ranking", "payouts", "decision", "minutes", "certificates"] as const).map((k) => (
          <li key={k}>
            <a className="btn btn--secondary" href={`${base}/results/export/${k}`} download>
              {t(`export.${k}`)}
            </a>
          </li>
        ))}
      </ul>
      <p className="total">
        <strong>{t("contestTotal", { amount: vnd(d.total) })}</strong>
      </p>

      {d.categories.map((c) => (
        <section key={c.id} className="results-category" aria-labelledby={`cat-${c.id}`}>
          <h2 id={`cat-${c.id}`}>{c.name}</h2>
          {c.ties.length ? <h3>{t("tiesTitle")}</h3> : null}
          {c.ties.map((tie) => (
            <TieCard
              key={tie.entryIds.join(",")}
              categoryId={c.id}
              tie={tie}
              rule={d.contest.tieBreakRule}
              minReason={d.contest.minReasonTie}
              canResolve={review}
              action={a?.key === tie.entryIds.join(",") ? a : undefined}
            />
          ))}
          <div className="table-scroll" tabIndex={0}>
            <table>
              <caption className="visually-hidden">{c.name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("rank")}
                  </th>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{t("title")}</th>
                  <th scope="col" className="num">
                    {t("judges")}
                  </th>
                  <th scope="col" className="num">
                    {t("aggregate")}
                  </th>
                  <th scope="col">{t("prize")}</th>
                  <th scope="col" className="num">
                    {t("amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={r.entryId}>
                    <td className="num">{r.rank ?? "–"}</td>
                    <td>{r.code}</td>
                    <td>{r.title}</td>
                    <td className="num">
                      {r.judgeCount}
                      {r.tooFewJudges ? <span className="flag"> ({t("tooFew")})</span> : null}
                    </td>
                    <td className="num">
                      {r.aggregate === null ? "–" : formatNumber(r.aggregate, i18n.language, 3)}
                      {r.inTie ? " ⚖" : ""}
                    </td>
                    <td>
                      {r.prize
                        ? `${r.prize}${r.decision !== "COMPUTED" ? ` (${t(`decision.${r.decision}`)})` : ""}`
                        : ""}
                    </td>
                    <td className="num">
                      {r.amount === null ? "" : vnd(r.amount)}
                      {r.prize ? (
                        <>
                          {" "}
                          ·{" "}
                          <a href={`${base}/results/export/certificates?entry=${r.entryId}`} download>
                            {t("certificateFor", { code: r.code })}
                          </a>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {c.pending.length ? (
            <p className="flag">
              {t("pendingTie", { list: c.pending.map((u) => `${u.count} × ${u.tier}`).join(" · ") })}
            </p>
          ) : null}
          {c.unawarded.length ? (
            <p>{t("unawarded", { list: c.unawarded.map((u) => `${u.count} × ${u.tier}`).join(" · ") })}</p>
          ) : c.pending.length ? null : (
            <p>{t("noUnawarded")}</p>
          )}
          <p className="total">{t("categoryTotal", { amount: vnd(c.total) })}</p>
          <details>
            <summary>{t("payoutsTitle")}</summary>
            <p className="hint">{t("payoutsRule")}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{t("prize")}</th>
                  <th scope="col">{t("author")}</th>
                  <th scope="col" className="num">
                    {t("share")}
                  </th>
                  <th scope="col" className="num">
                    {t("amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.payouts.flatMap((p) =>
                  p.lines.map((l, i) => (
                    <tr key={`${p.entryId}-${i}`}>
                      <td>{p.code}</td>
                      <td>{p.prize}</td>
                      <td>{l.penName ? `${l.author} (${l.penName})` : l.author}</td>
                      <td className="num">{formatPercent(l.shareBp / 100, i18n.language)}</td>
                      <td className="num">{vnd(l.amount)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </details>
        </section>
      ))}

      <section className="card" aria-labelledby="publish-h">
        <h2 id="publish-h">{t("publishTitle")}</h2>
        {d.contest.phase === "PUBLISHED" ? (
          <p>
            {t("published")} <Link to={`/contests/${d.contest.slug}/results`}>/contests/{d.contest.slug}/results</Link>
          </p>
        ) : !review ? (
          <p>{t("notReview")}</p>
        ) : d.unresolvedTies > 0 ? (
          <p className="flag">{t("publishBlocked", { count: d.unresolvedTies })}</p>
        ) : (
          <Form method="post">
            <p>{t("publishIntro")}</p>
            <input type="hidden" name="intent" value="publish" />
            <label className="inline">
              <input type="checkbox" name="confirm" required /> {t("publishConfirm")}
            </label>
            <SubmitButton pending={navigation.state !== "idle"}>{t("publish")}</SubmitButton>
          </Form>
        )}
        {a?.intent === "publish" && !a.ok ? (
          <p role="alert" className="field-error">
            {a.message}
          </p>
        ) : null}
      </section>
    </section>
  );
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { prepareJudgeCopies } from "#app/server/judging/judge-copy.server.ts";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { ConflictForm } from "#app/components/judging/conflict-form.tsx";
import { EvidenceList } from "#app/components/judging/evidence.tsx";
import { ScoreForm } from "#app/components/judging/score-form.tsx";
import { formatIsoDate } from "#app/domain/dates.ts";
import { parseScoreInput } from "#app/domain/rubric.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { getJudgeEntry, roundEntryScope, saveScore, ScoreValidationError } from "#app/server/judging/judging.server.ts";
import { declareConflict } from "#app/server/judging/score-changes.server.ts";
import { requireJudge } from "#app/server/shared/permissions.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

const Params = z.object({ roundId: z.string().min(1).max(40), entryId: z.string().min(1).max(40) });

/** Authorises a judge for this round and entry's category; the assignment is checked by the service. */
async function authorise(request: Request, params: unknown) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const db = await getDb();
  const scope = await roundEntryScope(db, parsed.data.roundId, parsed.data.entryId);
  if (!scope || scope.entryContestId !== scope.roundContestId) throw notFound();
  const user = await requireJudge(request, scope.roundContestId, {
    roundId: parsed.data.roundId,
    categoryId: scope.categoryId,
  });
  return { db, user, ...parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, roundId, entryId } = await authorise(request, params);
  const view = await attempt(request, () => getJudgeEntry(db, user.id, roundId, entryId, getLocale(request)), "page");
  // Metadata-stripped copies for the evidence player, made while the judge reads the page.
  prepareJudgeCopies(
    db,
    view.entry.parts.flatMap((p) => p.files.map((f) => f.id)),
  );
  return { view };
}

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  catalogueTitle(matches, "judging:homeTitle", [d?.view.entry.code, d?.view.entry.title]);

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["autosave", "save", "next", "submit"]), comment: z.string().max(5000).default("") }),
  z.object({
    intent: z.literal("conflict"),
    kind: z.enum(["DECLARED_BY_JUDGE", "ABSTAINED"]),
    reason: z.string().trim().max(1000).default(""),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, roundId, entryId } = await authorise(request, params);
  const form = await readForm(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith("c."))));
  if (!parsed.success) {
    const intent = String(form.get("intent") ?? "");
    return data(
      {
        intent,
        error: intent === "conflict" ? "judging:reasonRequired" : "common:errors.unexpected",
        problems: {} as Record<string, string>,
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  if (input.intent === "conflict") {
    const r = await attempt(request, () =>
      declareConflict(db, { judgeId: user.id, roundId, entryId, kind: input.kind, reason: input.reason }),
    );
    if (!r.ok) return data({ intent: input.intent, error: r.message, problems: {} }, { status: r.status });
    return redirect("/judge");
  }
  const values: Record<string, number | null> = {};
  for (const [k, v] of form.entries()) if (k.startsWith("c.")) values[k.slice(2)] = parseScoreInput(v);
  const submit = input.intent === "submit";
  const r = await attempt(request, () =>
    saveScore(db, { judgeId: user.id, roundId, entryId, values, comment: input.comment, submit }),
  );
  if (!r.ok) {
    const problems = r.error instanceof ScoreValidationError ? r.error.problems : {};
    return data(
      { intent: input.intent, error: r.message, problems: problems as Record<string, string> },
      { status: r.status },
    );
  }
  if (input.intent === "next") {
    const view = await getJudgeEntry(db, user.id, roundId, entryId, "vi");
    return redirect(view.nextEntryId ? `/judge/rounds/${roundId}/entries/${view.nextEntryId}` : "/judge");
  }
  return { intent: input.intent, error: null, problems: {}, status: r.value.status };
}

export default function JudgeEntryPage() {
  const { view } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("judging");
  const { entry } = view;
  return (
    <article className="judge-entry">
      <p>
        <Link to="/judge">{t("backToList")}</Link>
      </p>
      <header>
        <p className="muted">
          {view.contest.name} · {view.round.name} · {entry.category}
        </p>
        <h1>
          <span className="entry-code">{entry.code}</span> {entry.title}
        </h1>
        <dl className="facts">
          <dt>{t("outlet")}</dt>
          <dd>{entry.outlet}</dd>
          <dt>{t("kindLabel")}</dt>
          <dd>{t(`kind.${entry.kind}`)}</dd>
          {entry.authors ? (
            <>
              <dt>{t("authorsVisible")}</dt>
              <dd>{entry.authors.map((a) => (a.penName ? `${a.fullName} (${a.penName})` : a.fullName)).join(", ")}</dd>
            </>
          ) : null}
        </dl>
        {entry.summary ? (
          <>
            <h2>{t("summary")}</h2>
            <p className="prose">{entry.summary}</p>
          </>
        ) : null}
      </header>
      <div className="judge-grid">
        <section aria-labelledby="parts-h">
          <h2 id="parts-h">{t("parts")}</h2>
          <ol className="parts">
            {entry.parts.map((p) => (
              <li key={p.position}>
                <h3>
                  {t("part", { n: p.position })}
                  {p.title ? `: ${p.title}` : ""}
                </h3>
                <p>
                  {t("publishedOn")}: {formatIsoDate(p.publishedOn)}
                </p>
                {p.url ? (
                  <p>
                    {t("onlineLink")}:{" "}
                    <a href={p.url} target="_blank" rel="noopener noreferrer">
                      {p.url}
                    </a>
                  </p>
                ) : null}
                <EvidenceList files={p.files} />
              </li>
            ))}
          </ol>
          {entry.files.length ? (
            <>
              <h2>{t("evidence")}</h2>
              <EvidenceList files={entry.files} />
            </>
          ) : null}
        </section>
        <aside aria-labelledby="score-h" className="score-panel">
          <h2 id="score-h">{t("scoreTitle")}</h2>
          <ScoreForm key={entry.id} view={view} actionData={actionData} />
          <section aria-labelledby="others-h">
            <h3 id="others-h">{t("othersTitle")}</h3>
            {view.ownLabel ? <p className="muted">{t("ownLabel", { label: view.ownLabel })}</p> : null}
            {view.round.seeOthers && view.othersPending ? (
              <p className="muted">{t("othersAfterSubmit")}</p>
            ) : view.round.seeOthers ? (
              <ul>
                {view.others.map((o) => (
                  <li key={o.label}>
                    {o.label}: <strong>{o.total ?? "–"}</strong> {o.comment ? `— ${o.comment}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("othersHidden")}</p>
            )}
          </section>
          <nav className="prev-next" aria-label={t("backToList")}>
            {view.prevEntryId ? (
              <Link to={`/judge/rounds/${view.round.id}/entries/${view.prevEntryId}`}>{t("prev")}</Link>
            ) : (
              <span />
            )}
            {view.nextEntryId ? (
              <Link to={`/judge/rounds/${view.round.id}/entries/${view.nextEntryId}`}>{t("next")}</Link>
            ) : null}
          </nav>
          {view.round.open && view.score.status !== "SUBMITTED" ? (
            <ConflictForm
              error={actionData?.intent === "conflict" ? actionData.error : null}
              minReason={view.round.minConflictReason}
            />
          ) : null}
        </aside>
      </div>
    </article>
  );
}

import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { template, useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { formatIsoDate } from "#app/domain/dates.ts";
import { nextPhases } from "#app/domain/status.ts";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { chartDays, SubmissionsChart } from "#app/components/organizer/submissions-chart.tsx";
import { Notice } from "#app/components/organizer/ui.tsx";
import { changePhase } from "#app/server/organizer/contests.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { pickLocale } from "#app/domain/text.ts";

// Publishing results belongs to the results pages; from here an organizer runs the contest up to it.
const PHASES_HERE = ["DRAFT", "OPEN", "CLOSED", "JUDGING", "RESULTS_REVIEW"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The figures come in the same statement as the contest (see loadOrganizedContest).
  const { contest, dashboard: stats } = await loadOrganizedContest(request, params.slug, { dashboard: true });
  const deadline = toIsoDate(contest.submissionDeadline);
  return {
    phase: contest.phase,
    deadline,
    next: nextPhases(contest.phase).filter((p) => (PHASES_HERE as readonly string[]).includes(p)),
    // The chart's days only (SubmissionsChart shows the last 60 up to the deadline).
    stats: { ...stats, perDay: chartDays(stats.perDay, deadline) },
  };
}

const ORDER = ["DRAFT", "OPEN", "CLOSED", "JUDGING", "RESULTS_REVIEW", "PUBLISHED"];
/** Moving back (reopening, back to draft) is offered as a secondary button. */
const isBackward = (from: string, to: string) => ORDER.indexOf(to) < ORDER.indexOf(from);

const PhaseSchema = z.object({ to: z.enum(PHASES_HERE) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const parsed = PhaseSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: orgText(request).t("organizer:invalidForm"), done: null }, { status: 400 });
  const r = await attempt(request, () =>
    changePhase(db, { contestId: contest.id, to: parsed.data.to, actorId: user.id }),
  );
  if (!r.ok) return data({ error: r.message, done: null }, { status: r.status });
  return { error: null, done: parsed.data.to };
}

/** Overview: phase control, entries per category and status, submissions per day, judge progress. */
export default function OrganizerDashboard() {
  const { t, i18n } = useTranslation("organizer");
  const { phase, next, stats, deadline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const name = (x: { nameVi: string; nameEn: string }) => pickLocale(i18n.language, x.nameVi, x.nameEn);
  const statuses = ["SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN", "DRAFT"] as const;
  // Interpolated once per language, each judge's row only joins (use-translation.ts).
  const progressOf = template(t, "dashboard.progressOf", ["name"]);
  return (
    <section>
      <h1>{t("dashboard.title")}</h1>
      <h2>{t("dashboard.phaseTitle")}</h2>
      <p>{template(t, "dashboard.phaseNow", ["phase"])(t(`phase.${phase}`))}</p>
      <Notice>{result?.done ? t("dashboard.phaseChanged", { phase: t(`phase.${result.done}`) }) : null}</Notice>
      <ErrorList errors={result?.error ? [result.error] : []} />
      {next.length ? (
        <Form method="post" className="inline-actions">
          {next.map((p) => (
            <SubmitButton
              key={p}
              name="to"
              value={p}
              pending={busy}
              className={isBackward(phase, p) ? "btn btn--secondary" : "btn"}
            >
              {t(`dashboard.to.${p}`)}
            </SubmitButton>
          ))}
        </Form>
      ) : null}

      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t("dashboard.byCategory")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.category")}</th>
              {statuses.map((s) => (
                <th key={s} scope="col" className="num">
                  {t(`status.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.categories.map((c) => (
              <tr key={c.id}>
                <th scope="row">{name(c)}</th>
                {statuses.map((s) => (
                  <td key={s} className="num">
                    {c.counts[s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{template(t, "dashboard.perDay", ["date"])(formatIsoDate(deadline))}</h2>
      <SubmissionsChart days={stats.perDay} deadline={deadline} />

      <h2>{t("dashboard.progress")}</h2>
      {stats.rounds.map((r) => (
        <div className="table-scroll" key={r.id} tabIndex={0}>
          <table>
            <caption>{name(r)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.judge")}</th>
                <th scope="col" className="num">
                  {t("dashboard.assigned")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.submitted")}
                </th>
                <th scope="col">{t("dashboard.progressCol")}</th>
              </tr>
            </thead>
            <tbody>
              {r.judges.length === 0 ? (
                <tr>
                  <td colSpan={4}>{t("dashboard.noAssignments")}</td>
                </tr>
              ) : (
                r.judges.map((j) => (
                  <tr key={j.judgeId}>
                    <th scope="row">{j.name}</th>
                    <td className="num">{j.assigned}</td>
                    <td className="num">{j.submitted}</td>
                    <td>
                      <progress max={j.assigned} value={j.submitted} aria-label={progressOf(j.name)}>
                        {j.submitted}/{j.assigned}
                      </progress>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

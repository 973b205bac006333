import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SubmitButton } from "#app/components/forms.tsx";
import { formatInstant, formatNumber } from "#app/domain/format.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { reopenScore } from "#app/server/judging/score-changes.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { criteriaCount, roundAt } from "#app/server/organizer/reads.server.ts";
import {
  closePlan,
  closeRound,
  findScoreByCode,
  openChecklist,
  openRound,
  roundOverview,
} from "#app/server/organizer/rounds.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { reasonLongEnough } from "#app/domain/reasons.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { env } from "#app/server/shared/env.server.ts";
import { importScores, scoreImportErrorText } from "#app/server/judging/score-import.server.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/), n: z.coerce.number().int().min(1).max(20) });

async function authorise(request: Request, params: unknown) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const { db, contest, user } = await loadOrganizedContest(request, parsed.data.slug);
  // Only what the page shows goes to the browser.
  return {
    db,
    user,
    contest: {
      id: contest.id,
      slug: contest.slug,
      nameVi: contest.nameVi,
      minReasonReopen: contest.minReasonReopen,
      timeZone: contest.timeZone,
    },
    n: parsed.data.n,
  };
}

/**
 * Opening and closing are two steps that work without JavaScript: the first button is a GET
 * (?step=open / ?step=close) that shows what will happen, the second posts the change.
 */
const Step = z.enum(["open", "close"]).optional().catch(undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest, n } = await authorise(request, params);
  const locale = getLocale(request);
  const overview = await attempt(request, () => roundOverview(db, contest.id, n, locale), "page");
  const step = Step.parse(new URL(request.url).searchParams.get("step") ?? undefined);
  const status = overview.round.status;
  return {
    contest,
    ...overview,
    criteriaCount: status === "OPEN" ? await criteriaCount(db, overview.round.id) : 0,
    step: (step === "open" && status === "PENDING") || (step === "close" && status === "OPEN") ? step : null,
    checklist: step === "open" && status === "PENDING" ? await openChecklist(db, overview.round.id) : null,
    plan: step === "close" && status === "OPEN" ? await closePlan(db, overview.round.id, locale) : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  catalogueTitle(matches, "organizer:home.title", [d?.round.name]);

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open") }),
  z.object({ intent: z.literal("close"), acknowledgeFlags: z.literal("on").optional() }),
  z.object({
    intent: z.literal("reopen"),
    entryCode: z.string().trim().min(1).max(40),
    judgeId: z.string().min(1).max(40),
    reason: z.string().trim().max(1000),
  }),
]);

/** Paper score sheets posted from the round's page: the CLI's import, the organizer as actor. */
async function importSheets(
  db: Db,
  request: Request,
  input: { slug: string; n: number; actorId: string; file: FormDataEntryValue | null },
) {
  const locale = getLocale(request);
  const max = env().MAX_IMPORT_BYTES;
  const refuse = (text: string) =>
    data({ intent: "import", ok: false, code: "", message: "", count: 0, lines: [{ line: 0, text }] }, { status: 400 });
  const t = getI18n(locale).t;
  if (!(input.file instanceof File) || input.file.size === 0)
    return refuse(t("scoreImport.chooseFile", { ns: "organizer" }));
  if (input.file.size > max) return refuse(t("scoreImport.tooBig", { ns: "organizer", max: formatBytes(max) }));
  const outcome = await importScores(db, {
    contestSlug: input.slug,
    roundPosition: input.n,
    csv: await input.file.text(),
    actorId: input.actorId,
  });
  if (!outcome.ok) {
    return data(
      {
        intent: "import",
        ok: false,
        code: "",
        message: "",
        count: outcome.errors.length,
        lines: outcome.errors.map((e) => ({ line: e.line, text: scoreImportErrorText(e, locale) })),
      },
      { status: 400 },
    );
  }
  return {
    intent: "import",
    ok: true,
    code: "",
    message: "",
    count: outcome.imported,
    lines: [] as { line: number; text: string }[],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, contest, n } = await authorise(request, params);
  // The one multipart form of this page is the score import; its file is limited like the mailed-entry CSV.
  const posted = await readForm(request, { maxFileBytes: env().MAX_IMPORT_BYTES, maxBytes: env().MAX_IMPORT_BYTES });
  if (posted.get("intent") === "import")
    return importSheets(db, request, { slug: contest.slug, n, actorId: user.id, file: posted.get("file") });
  const form = Object.fromEntries([...posted].filter(([, v]) => typeof v === "string"));
  const parsed = ActionSchema.safeParse(form);
  // The reopening reason's minimum is the contest's setting (Contest.minReasonReopen).
  if (
    !parsed.success ||
    (parsed.data.intent === "reopen" && !reasonLongEnough(parsed.data.reason, contest.minReasonReopen))
  ) {
    const intent = ["open", "close", "reopen"].includes(String(form.intent)) ? String(form.intent) : "";
    return data(
      {
        intent,
        ok: false,
        code: "invalid",
        message: getI18n(getLocale(request)).t("results:roundLife.errors.invalid", { min: contest.minReasonReopen }),
        count: 0,
      },
      { status: 400 },
    );
  }
  const round = await roundAt(db, contest.id, n);
  if (!round) throw notFound();
  const input = parsed.data;
  if (input.intent === "open") {
    const r = await attempt(request, () =>
      openRound(db, { contestId: contest.id, roundId: round.id, actorId: user.id }),
    );
    return r.ok
      ? { intent: "open", ok: true, code: "", message: "", count: r.value.judgesNotified }
      : data({ intent: "open", ok: false, code: r.code, message: r.message, count: 0 }, { status: r.status });
  }
  if (input.intent === "close") {
    const r = await attempt(request, () =>
      closeRound(db, {
        contestId: contest.id,
        roundId: round.id,
        actorId: user.id,
        acknowledgeFlags: input.acknowledgeFlags === "on",
      }),
    );
    return r.ok
      ? { intent: "close", ok: true, code: "", message: "", count: 0 }
      : data({ intent: "close", ok: false, code: r.code, message: r.message, count: 0 }, { status: r.status });
  }
  const score = await findScoreByCode(db, round.id, input.entryCode, input.judgeId);
  if (!score)
    return data(
      {
        intent: "reopen",
        ok: false,
        code: "",
        message: getI18n(getLocale(request)).t("results:scoreNotFound"),
        count: 0,
      },
      { status: 404 },
    );
  const r = await attempt(request, () =>
    reopenScore(db, { contestId: contest.id, scoreId: score.id, reason: input.reason, actorId: user.id }),
  );
  return r.ok
    ? { intent: "reopen", ok: true, code: "", message: "", count: 0 }
    : data({ intent: "reopen", ok: false, code: r.code, message: r.message, count: 0 }, { status: r.status });
}

const fmtIn =
  (locale: string) =>
  (n: number | null | undefined, d = 2) =>
    n === null || n === undefined ? "–" : formatNumber(n, locale, d);

export default function OrganizerRoundPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("results");
  const { t: to } = useTranslation("organizer");
  const fmt = fmtIn(i18n.language);
  const r = d.round;
  const msg = (intent: string, ok: string) =>
    a?.intent === intent ? (
      <p role={a.ok ? "status" : "alert"} className={a.ok ? "notice" : "field-error"}>
        {a.ok ? t(ok, { count: a.count }) : a.message}
      </p>
    ) : null;
  const busy = navigation.state !== "idle";
  return (
    <section>
      <p>
        <Link to={`/organizer/${d.contest.slug}/results`}>{t("backToResults")}</Link>
      </p>
      <h1>
        {r.name} <span className="badge">{t(`roundStatus.${r.status}`)}</span>
      </h1>
      <p>
        {t("methodLine", {
          method: t(`method.${r.aggregation}`, { trim: r.trimPercent }),
          norm: r.normalise ? t("normalised") : "",
          min: r.minJudges,
        })}
      </p>
      <p>{t(`advancement.${r.rule}`, { n: r.topN, t: r.threshold })}</p>
      {/* Before a round opens there are no scores: aggregates and flags would only alarm. */}
      {r.status !== "PENDING" ? (
        <>
          {d.flagged ? <p className="flag">{t("flagged", { count: d.flagged })}</p> : null}

          <h2>{t("aggregatesTitle")}</h2>
          <p className="muted">{t("showingTop", { shown: d.rows.length, total: d.total })}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("code")}</th>
                  <th scope="col">{t("title")}</th>
                  <th scope="col">{t("category")}</th>
                  <th scope="col" className="num">
                    {t("judges")}
                  </th>
                  <th scope="col" className="num">
                    {t("aggregate")}
                  </th>
                  <th scope="col">{t("advances")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((x) => (
                  <tr key={x.entryId}>
                    <td>{x.code}</td>
                    <td>{x.title}</td>
                    <td>{x.category}</td>
                    <td className="num">
                      {x.judgeCount}
                      {x.tooFewJudges ? <span className="flag"> ({t("tooFew")})</span> : null}
                    </td>
                    <td className="num">{fmt(x.aggregate)}</td>
                    <td>{x.advanced ? "✓" : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {r.status === "PENDING" ? (
        <section aria-labelledby="open-h" className="card">
          <h2 id="open-h">{t("roundLife.openTitle")}</h2>
          {d.checklist ? (
            <>
              <h3>{t("roundLife.checklistTitle")}</h3>
              <ul className="checklist">
                <li>{t("roundLife.checkEntries", { count: d.checklist.entries })}</li>
                <li>{t("roundLife.checkJudges", { count: d.checklist.judges })}</li>
                <li>{t("roundLife.checkAssignments", { count: d.checklist.assignments })}</li>
                <li className={d.checklist.underStaffed.length ? "flag" : undefined}>
                  {t("roundLife.checkUnderStaffed", {
                    min: d.checklist.minJudges,
                    count: d.checklist.underStaffed.length,
                  })}
                  {d.checklist.underStaffed.length ? (
                    <ul>
                      {d.checklist.underStaffed.map((e) => (
                        <li key={e.code}>{t("roundLife.checkUnderStaffedItem", e)}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
                <li className={d.checklist.idleJudges.length ? "flag" : undefined}>
                  {t("roundLife.checkIdle", { count: d.checklist.idleJudges.length })}
                  {d.checklist.idleJudges.length ? (
                    <ul>
                      {d.checklist.idleJudges.map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
                <li>
                  {d.checklist.deadline
                    ? t("roundLife.checkDeadline", { date: d.checklist.deadline })
                    : t("roundLife.checkNoDeadline")}
                </li>
              </ul>
              {d.checklist.refusal ? (
                <p role="alert" className="field-error">
                  {t(`refusals:${d.checklist.refusal}`)}
                </p>
              ) : (
                <Form method="post">
                  <p>{t("roundLife.openMails")}</p>
                  <input type="hidden" name="intent" value="open" />
                  <div className="button-row">
                    <SubmitButton pending={busy}>{t("roundLife.confirmOpen")}</SubmitButton>
                    <Link to="." className="btn btn--secondary">
                      {t("roundLife.cancel")}
                    </Link>
                  </div>
                </Form>
              )}
              {d.checklist.refusal ? (
                <p>
                  <Link to=".">{t("roundLife.cancel")}</Link>
                </p>
              ) : null}
            </>
          ) : (
            <>
              <p>{t("roundLife.openIntro")}</p>
              <Form method="get">
                <input type="hidden" name="step" value="open" />
                <SubmitButton pending={busy}>{t("roundLife.open")}</SubmitButton>
              </Form>
            </>
          )}
          {msg("open", "roundLife.opened")}
        </section>
      ) : null}

      {r.status !== "PENDING" ? msg("open", "roundLife.opened") : null}
      {r.status === "OPEN" ? (
        <section aria-labelledby="close-h" className="card">
          <h2 id="close-h">{d.plan ? t("roundLife.closeConfirmTitle") : t("closeTitle")}</h2>
          {d.plan ? (
            <>
              {d.plan.isFinal ? (
                <p>{t("roundLife.closeFinal")}</p>
              ) : (
                <>
                  {d.plan.advancing.length ? (
                    <>
                      <p>{t("roundLife.closeAdvance", { count: d.plan.advancing.length, total: d.plan.total })}</p>
                      <ul>
                        {d.plan.advancing.map((e) => (
                          <li key={e.code}>
                            {e.code} — {e.title}
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <p>{t("roundLife.closeNoAdvance")}</p>
                  )}
                  <p>
                    {d.plan.next
                      ? t(d.plan.next.status === "PENDING" ? "roundLife.closeNext" : "roundLife.closeNextNotPending", {
                          name: d.plan.next.name,
                        })
                      : t("roundLife.closeNoNext")}
                  </p>
                </>
              )}
              <p>{t("roundLife.closeLocks")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="close" />
                {d.plan.flagged ? <p className="flag">{t("flagged", { count: d.plan.flagged })}</p> : null}
                {d.plan.flagged ? (
                  <label className="inline">
                    <input type="checkbox" name="acknowledgeFlags" /> {t("ackFlags")}
                  </label>
                ) : null}
                <div className="button-row">
                  <SubmitButton pending={busy}>{t("roundLife.confirmClose")}</SubmitButton>
                  <Link to="." className="btn btn--secondary">
                    {t("roundLife.cancel")}
                  </Link>
                </div>
              </Form>
            </>
          ) : (
            <>
              <p>{t("closeIntro")}</p>
              <Form method="get">
                <input type="hidden" name="step" value="close" />
                <SubmitButton pending={busy}>{t("close")}</SubmitButton>
              </Form>
            </>
          )}
          {msg("close", "closed")}
        </section>
      ) : (
        msg("close", "closed")
      )}

      <h2>{t("consistencyTitle")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("judge")}</th>
              <th scope="col" className="num">
                {t("count")}
              </th>
              <th scope="col" className="num">
                {t("mean")}
              </th>
              <th scope="col" className="num">
                {t("spread")}
              </th>
              <th scope="col" className="num">
                {t("panelMean")}
              </th>
              <th scope="col" className="num">
                {t("bias")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.consistency.judges.map((j) => (
              <tr key={j.judgeId}>
                <td>{j.name}</td>
                <td className="num">{j.count}</td>
                <td className="num">{fmt(j.mean)}</td>
                <td className="num">{fmt(j.spread)}</td>
                <td className="num">{fmt(j.panelMean)}</td>
                <td className="num">{j.bias === null ? "–" : `${j.bias > 0 ? "+" : ""}${fmt(j.bias)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("disagreeTitle")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("code")}</th>
              <th scope="col">{t("title")}</th>
              <th scope="col" className="num">
                {t("judges")}
              </th>
              <th scope="col" className="num">
                {t("min")}
              </th>
              <th scope="col" className="num">
                {t("max")}
              </th>
              <th scope="col" className="num">
                {t("range")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.consistency.disagreements.map((x) => (
              <tr key={x.entryId}>
                <td>{x.code}</td>
                <td>{x.title}</td>
                <td className="num">{x.judgeCount}</td>
                <td className="num">{fmt(x.min)}</td>
                <td className="num">{fmt(x.max)}</td>
                <td className="num">{fmt(x.range)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("declarationsTitle")}</h2>
      {d.declarations.length === 0 ? (
        <p className="muted">{t("noDeclarations")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("judge")}</th>
                <th scope="col">{t("code")}</th>
                <th scope="col">{t("title")}</th>
                <th scope="col">{t("declarationKind")}</th>
                <th scope="col">{t("reasonShort")}</th>
                <th scope="col">{t("declaredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {d.declarations.map((c) => (
                <tr key={c.id}>
                  <td>{c.judge}</td>
                  <td>{c.code}</td>
                  <td>{c.title}</td>
                  <td>{t(`kind.${c.kind}`)}</td>
                  <td>{c.reason}</td>
                  <td>{formatInstant(c.createdAt, d.contest.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {r.status === "OPEN" ? (
        <section aria-labelledby="import-h" className="card">
          <h2 id="import-h">{to("scoreImport.title")}</h2>
          <p>{to("scoreImport.help", { n: d.criteriaCount })}</p>
          {a?.intent === "import" && "lines" in a ? (
            a.ok ? (
              <p role="status" className="notice">
                {to("scoreImport.imported", { count: a.count })}
              </p>
            ) : (
              <div role="alert" className="org-notice org-notice--error">
                {a.lines.length > 1 || a.lines[0]?.line ? (
                  <p>{to("scoreImport.refused", { count: a.lines.length })}</p>
                ) : null}
                <ul>
                  {a.lines.map((e, i) => (
                    <li key={i}>
                      {e.line ? to("scoreImport.line", { line: e.line }) : ""}
                      {e.text}
                    </li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="import" />
            <div className="field">
              <label htmlFor="score-file">{to("scoreImport.file")}</label>
              <input id="score-file" name="file" type="file" accept=".csv,text/csv" required />
            </div>
            <SubmitButton pending={busy}>{to("scoreImport.submit")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      {r.status === "OPEN" ? (
        <section aria-labelledby="reopen-h" className="card">
          <h2 id="reopen-h">{t("reopenTitle")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <div className="field">
              <label htmlFor="entryCode">{t("entryCode")}</label>
              <input id="entryCode" name="entryCode" required maxLength={40} />
            </div>
            <div className="field">
              <label htmlFor="judgeId">{t("judge")}</label>
              <select id="judgeId" name="judgeId" required>
                {d.judges.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="reopen-reason">{t("reason")}</label>
              <textarea
                id="reopen-reason"
                name="reason"
                required
                minLength={d.contest.minReasonReopen}
                maxLength={1000}
                rows={2}
              />
            </div>
            <SubmitButton className="btn btn--secondary" pending={busy}>
              {t("reopen")}
            </SubmitButton>
          </Form>
          {msg("reopen", "reopened")}
        </section>
      ) : null}
    </section>
  );
}

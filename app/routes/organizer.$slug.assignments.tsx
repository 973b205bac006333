import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { Notice } from "#app/components/organizer/ui.tsx";
import { generateForRound, listRoundAssignments, recuseJudge } from "#app/server/organizer/assignments.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { catchDomain } from "#app/server/organizer/i18n.server.ts";
import { readForm } from "#app/server/body.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const rounds = await db.round.findMany({ where: { contestId: contest.id }, orderBy: { position: "asc" }, select: { id: true, nameVi: true, nameEn: true, judgesPerEntry: true, status: true } });
  const wanted = new URL(request.url).searchParams.get("round");
  const round = rounds.find((r) => r.id === wanted) ?? rounds[0] ?? null;
  const list = round ? await listRoundAssignments(db, contest.id, round.id) : null;
  return {
    rounds,
    round,
    rows: list?.rows.map((a) => ({ id: a.id, entryId: a.entry.id, code: a.entry.code, title: a.entry.title, category: a.entry.category.nameVi, judgeId: a.judge.id, judge: a.judge.name })) ?? [],
    conflicts: list?.conflicts.map((c) => ({ id: c.id, code: c.entry.code, judge: c.judge.name, kind: c.kind, reason: c.reason })) ?? [],
  };
}

const GenerateSchema = z.object({ intent: z.literal("generate"), roundId: z.string().min(1) });
const RecuseSchema = z.object({ intent: z.literal("recuse"), roundId: z.string().min(1), entryId: z.string().min(1), judgeId: z.string().min(1), reason: z.string().trim().min(1).max(1000) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = Object.fromEntries(await readForm(request));
  if (form.intent === "recuse") {
    const p = RecuseSchema.safeParse(form);
    if (!p.success) return data({ generated: null, recused: false, error: "assignments.reasonRequired" }, { status: 400 });
    const r = await catchDomain(() => recuseJudge(db, { contestId: contest.id, ...p.data, actorId: user.id }));
    if (!r.ok) return data({ generated: null, recused: false, error: r.error }, { status: 409 });
    return { generated: null, recused: true, error: null };
  }
  const p = GenerateSchema.safeParse(form);
  if (!p.success) return data({ generated: null, recused: false, error: orgText(request).t("organizer:invalidForm") }, { status: 400 });
  const r = await catchDomain(() => generateForRound(db, { contestId: contest.id, roundId: p.data.roundId, actorId: user.id }));
  if (!r.ok) return data({ generated: null, recused: false, error: r.error }, { status: 409 });
  return { generated: r.value, recused: false, error: null };
}

/** Generate a round's assignments per category panel, see each conflict, recuse a judge. */
export default function AssignmentsPage() {
  const { t, i18n } = useTranslation("organizer");
  const { rounds, round, rows, conflicts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  if (!round) return <section><h1>{t("assignments.title")}</h1><p>{t("assignments.noRounds")}</p></section>;
  return (
    <section>
      <h1>{t("assignments.title")}</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="round">{t("assignments.round")}</label>
        <select id="round" name="round" defaultValue={params.get("round") ?? round.id}>
          {rounds.map((r) => <option key={r.id} value={r.id}>{i18n.language === "en" ? r.nameEn : r.nameVi}</option>)}
        </select>
        <button type="submit" className="btn btn--secondary">{t("assignments.show")}</button>
      </Form>
      <p>{round.judgesPerEntry ? t("assignments.modeK", { k: round.judgesPerEntry }) : t("assignments.modeAll")}</p>
      <Form method="post">
        <input type="hidden" name="roundId" value={round.id} />
        <SubmitButton name="intent" value="generate" pending={busy}>{t("assignments.generate")}</SubmitButton>
      </Form>
      <ErrorList errors={result?.error ? [t(result.error, { defaultValue: result.error })] : []} />
      <Notice>{result?.recused ? t("assignments.recused") : null}</Notice>

      {result?.generated ? (
        <div role="status" className="stack">
          <h2>{t("assignments.resultTitle")}</h2>
          {result.generated.map((g) => (
            <article key={g.categoryId} className="card">
              <h3>{g.categoryName}</h3>
              <p>{t("assignments.summary", { created: g.created, removed: g.removed, judges: g.judges, entries: g.entries })}</p>
              {g.conflicts.length ? (
                <>
                  <h4>{t("assignments.conflictsFound", { n: g.conflicts.length })}</h4>
                  <ul className="conflicts">
                    {g.conflicts.map((c) => (
                      <li key={`${c.judgeId}-${c.entryId}`}>{t(`assignments.conflict.${c.reason}`, { judge: c.judgeName, code: c.entryCode, detail: c.detail })}</li>
                    ))}
                  </ul>
                </>
              ) : <p>{t("assignments.noConflicts")}</p>}
              {g.shortfalls.length ? (
                <p className="org-notice org-notice--error">{t("assignments.shortfalls", { list: g.shortfalls.map((s) => `${s.entryCode} (${s.got}/${s.wanted})`).join(", ") })}</p>
              ) : null}
              {g.loads.length ? <p>{t("assignments.loads")}: {g.loads.map((l) => `${l.judgeName}: ${l.load}`).join(" · ")}</p> : null}
            </article>
          ))}
        </div>
      ) : null}

      <div className="table-scroll" tabIndex={0}><table>
        <caption>{t("assignments.listCaption", { n: rows.length })}</caption>
        <thead><tr><th scope="col">{t("entries.code")}</th><th scope="col">{t("entries.titleCol")}</th><th scope="col">{t("entries.category")}</th><th scope="col">{t("dashboard.judge")}</th><th scope="col">{t("assignments.recuse")}</th></tr></thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{a.code}</td>
              <td>{a.title}</td>
              <td>{a.category}</td>
              <td>{a.judge}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="recuse" />
                  <input type="hidden" name="roundId" value={round.id} />
                  <input type="hidden" name="entryId" value={a.entryId} />
                  <input type="hidden" name="judgeId" value={a.judgeId} />
                  <label htmlFor={`reason-${a.id}`} className="visually-hidden">{t("assignments.recuseReason", { judge: a.judge, code: a.code })}</label>
                  <input id={`reason-${a.id}`} name="reason" required placeholder={t("assignments.reasonPlaceholder")} />
                  <SubmitButton pending={busy} className="btn btn--secondary">{t("assignments.recuse")}</SubmitButton>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>

      <div className="table-scroll" tabIndex={0}><table>
        <caption>{t("assignments.declarations")}</caption>
        <thead><tr><th scope="col">{t("entries.code")}</th><th scope="col">{t("dashboard.judge")}</th><th scope="col">{t("assignments.kind")}</th><th scope="col">{t("entries.reason")}</th></tr></thead>
        <tbody>
          {conflicts.length === 0 ? <tr><td colSpan={4}>{t("assignments.noDeclarations")}</td></tr> : conflicts.map((c) => (
            <tr key={c.id}><td>{c.code}</td><td>{c.judge}</td><td>{t(`conflictKind.${c.kind}`)}</td><td>{c.reason}</td></tr>
          ))}
        </tbody>
      </table></div>
    </section>
  );
}

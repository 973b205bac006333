import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { Notice } from "#app/components/organizer/ui.tsx";
import {
  addAssignment,
  generateForRound,
  listRoundAssignments,
  manualChoices,
  recuseJudge,
  removeAssignment,
} from "#app/server/organizer/assignments.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { roundsForAssignments } from "#app/server/organizer/reads.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { pickLocale } from "#app/domain/text.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const rounds = await roundsForAssignments(db, contest.id);
  const wanted = new URL(request.url).searchParams.get("round");
  const round = rounds.find((r) => r.id === wanted) ?? rounds[0] ?? null;
  const list = round ? await listRoundAssignments(db, contest.id, round.id) : null;
  const choices = round ? await manualChoices(db, contest.id, round.id) : { entries: [], judges: [] };
  return {
    rounds,
    round,
    choices,
    rows:
      list?.rows.map((a) => ({
        id: a.id,
        entryId: a.entry.id,
        code: a.entry.code,
        title: a.entry.title,
        category: a.entry.category.nameVi,
        judgeId: a.judge.id,
        judge: a.judge.name,
        overrideReason: a.overrideReason,
      })) ?? [],
    conflicts:
      list?.conflicts.map((c) => ({
        id: c.id,
        code: c.entry.code,
        judge: c.judge.name,
        kind: c.kind,
        reason: c.reason,
      })) ?? [],
  };
}

const GenerateSchema = z.object({ intent: z.literal("generate"), roundId: z.string().min(1) });
const Id = z.string().min(1).max(40);
const AddSchema = z.object({
  intent: z.literal("add"),
  roundId: Id,
  entryId: Id,
  judgeId: Id,
  overrideReason: z.string().trim().max(1000).optional().default(""),
});
const RemoveSchema = z.object({ intent: z.literal("remove"), roundId: Id, entryId: Id, judgeId: Id });
/** `error` is a catalogue key (bad form), `refusal` a refusal already in the reader's language. */
type Reply = {
  generated: Awaited<ReturnType<typeof generateForRound>> | null;
  recused: boolean;
  error: string | null;
  refusal?: string;
  manual?: "added" | "overridden" | "removed";
};
const RecuseSchema = z.object({
  intent: z.literal("recuse"),
  roundId: z.string().min(1),
  entryId: z.string().min(1),
  judgeId: z.string().min(1),
  // Too short (empty too) is the service's refusal, which names the contest's minimum.
  reason: z.string().trim().max(1000),
});
const ActionSchema = z.discriminatedUnion("intent", [GenerateSchema, AddSchema, RemoveSchema, RecuseSchema]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = Object.fromEntries(await readForm(request));
  const p = ActionSchema.safeParse(form);
  if (!p.success) {
    // Each form says what was wrong in its own words.
    if (form.intent === "add" || form.intent === "remove")
      return data<Reply>(
        { generated: null, recused: false, error: "assignments.manual.errors.invalid" },
        { status: 400 },
      );
    if (form.intent === "recuse")
      return data<Reply>({ generated: null, recused: false, error: "assignments.reasonRequired" }, { status: 400 });
    return data<Reply>({ generated: null, recused: false, error: "organizer:invalidForm" }, { status: 400 });
  }
  if (p.data.intent === "add" || p.data.intent === "remove") {
    const input = { contestId: contest.id, ...p.data, actorId: user.id };
    const manual = p.data;
    const r = await attempt(request, async () =>
      manual.intent === "add"
        ? (await addAssignment(db, { ...input, overrideReason: manual.overrideReason })).conflict !== null
        : (await removeAssignment(db, input), false),
    );
    if (!r.ok)
      return data<Reply>({ generated: null, recused: false, error: null, refusal: r.message }, { status: r.status });
    return data<Reply>({
      generated: null,
      recused: false,
      error: null,
      manual: p.data.intent === "remove" ? "removed" : r.value ? "overridden" : "added",
    });
  }
  if (p.data.intent === "recuse") {
    const recuse = p.data;
    const r = await attempt(request, () => recuseJudge(db, { contestId: contest.id, ...recuse, actorId: user.id }));
    if (!r.ok)
      return data<Reply>({ generated: null, recused: false, error: null, refusal: r.message }, { status: r.status });
    return { generated: null, recused: true, error: null };
  }
  const roundId = p.data.roundId;
  const r = await attempt(request, () => generateForRound(db, { contestId: contest.id, roundId, actorId: user.id }));
  if (!r.ok)
    return data<Reply>({ generated: null, recused: false, error: null, refusal: r.message }, { status: r.status });
  return { generated: r.value, recused: false, error: null };
}

/** Generate a round's assignments per category panel, see each conflict, recuse a judge. */
export default function AssignmentsPage() {
  const { t, i18n } = useTranslation("organizer");
  const { rounds, round, rows, conflicts, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  if (!round)
    return (
      <section>
        <h1>{t("assignments.title")}</h1>
        <p>{t("assignments.noRounds")}</p>
      </section>
    );
  return (
    <section>
      <h1>{t("assignments.title")}</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="round">{t("assignments.round")}</label>
        <select id="round" name="round" defaultValue={params.get("round") ?? round.id}>
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {pickLocale(i18n.language, r.nameVi, r.nameEn)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn--secondary">
          {t("assignments.show")}
        </button>
      </Form>
      <p>{round.judgesPerEntry ? t("assignments.modeK", { k: round.judgesPerEntry }) : t("assignments.modeAll")}</p>
      <Form method="post">
        <input type="hidden" name="roundId" value={round.id} />
        <SubmitButton name="intent" value="generate" pending={busy}>
          {t("assignments.generate")}
        </SubmitButton>
      </Form>
      <ErrorList errors={result?.refusal ? [result.refusal] : result?.error ? [t(result.error)] : []} />
      <Notice>
        {result?.recused ? t("assignments.recused") : result?.manual ? t(`assignments.manual.${result.manual}`) : null}
      </Notice>

      <Form method="post" className="card stack" aria-labelledby="manual-h">
        <h2 id="manual-h">{t("assignments.manual.title")}</h2>
        <p>{t("assignments.manual.help")}</p>
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="roundId" value={round.id} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="manual-entry">{t("assignments.manual.entry")}</label>
            <select id="manual-entry" name="entryId" required>
              {choices.entries.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.code} — {e.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="manual-judge">{t("assignments.manual.judge")}</label>
            <select id="manual-judge" name="judgeId" required>
              {choices.judges.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name} ({j.email})
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="manual-reason">{t("assignments.manual.overrideReason")}</label>
          <textarea
            id="manual-reason"
            name="overrideReason"
            rows={2}
            maxLength={1000}
            aria-describedby="manual-reason-hint"
          />
          <p id="manual-reason-hint" className="hint">
            {t("assignments.manual.overrideHint")}
          </p>
        </div>
        <SubmitButton pending={busy} disabled={busy || choices.entries.length === 0 || choices.judges.length === 0}>
          {t("assignments.manual.add")}
        </SubmitButton>
      </Form>

      {result?.generated ? (
        <div role="status" className="stack">
          <h2>{t("assignments.resultTitle")}</h2>
          {result.generated.map((g) => (
            <article key={g.categoryId} className="card">
              <h3>{g.categoryName}</h3>
              <p>
                {t("assignments.summary", {
                  created: g.created,
                  removed: g.removed,
                  judges: g.judges,
                  entries: g.entries,
                })}
              </p>
              {g.conflicts.length ? (
                <>
                  <h4>{t("assignments.conflictsFound", { n: g.conflicts.length })}</h4>
                  <ul className="conflicts">
                    {g.conflicts.map((c) => (
                      <li key={`${c.judgeId}-${c.entryId}`}>
                        {t(`assignments.conflict.${c.reason}`, {
                          judge: c.judgeName,
                          code: c.entryCode,
                          detail: c.detail,
                        })}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("assignments.noConflicts")}</p>
              )}
              {g.shortfalls.length ? (
                <p className="org-notice org-notice--error">
                  {t("assignments.shortfalls", {
                    list: g.shortfalls.map((s) => `${s.entryCode} (${s.got}/${s.wanted})`).join(", "),
                  })}
                </p>
              ) : null}
              {g.loads.length ? (
                <p>
                  {t("assignments.loads")}: {g.loads.map((l) => `${l.judgeName}: ${l.load}`).join(" · ")}
                </p>
              ) : null}
            </article>
          ))}
        </div>
      ) : null}

      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t("assignments.listCaption", { n: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("entries.code")}</th>
              <th scope="col">{t("entries.titleCol")}</th>
              <th scope="col">{t("entries.category")}</th>
              <th scope="col">{t("dashboard.judge")}</th>
              <th scope="col">{t("assignments.manual.overrideCol")}</th>
              <th scope="col">{t("assignments.manual.remove")}</th>
              <th scope="col">{t("assignments.recuse")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>{a.code}</td>
                <td>{a.title}</td>
                <td>{a.category}</td>
                <td>{a.judge}</td>
                <td>{a.overrideReason}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="roundId" value={round.id} />
                    <input type="hidden" name="entryId" value={a.entryId} />
                    <input type="hidden" name="judgeId" value={a.judgeId} />
                    <SubmitButton
                      pending={busy}
                      className="btn btn--secondary"
                      aria-label={t("assignments.manual.removeLabel", { judge: a.judge, code: a.code })}
                    >
                      {t("assignments.manual.remove")}
                    </SubmitButton>
                  </Form>
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="recuse" />
                    <input type="hidden" name="roundId" value={round.id} />
                    <input type="hidden" name="entryId" value={a.entryId} />
                    <input type="hidden" name="judgeId" value={a.judgeId} />
                    <label htmlFor={`reason-${a.id}`} className="visually-hidden">
                      {t("assignments.recuseReason", { judge: a.judge, code: a.code })}
                    </label>
                    <input
                      id={`reason-${a.id}`}
                      name="reason"
                      required
                      placeholder={t("assignments.reasonPlaceholder")}
                    />
                    <SubmitButton pending={busy} className="btn btn--secondary">
                      {t("assignments.recuse")}
                    </SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t("assignments.declarations")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("entries.code")}</th>
              <th scope="col">{t("dashboard.judge")}</th>
              <th scope="col">{t("assignments.kind")}</th>
              <th scope="col">{t("entries.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.length === 0 ? (
              <tr>
                <td colSpan={4}>{t("assignments.noDeclarations")}</td>
              </tr>
            ) : (
              conflicts.map((c) => (
                <tr key={c.id}>
                  <td>{c.code}</td>
                  <td>{c.judge}</td>
                  <td>{t(`conflictKind.${c.kind}`)}</td>
                  <td>{c.reason}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

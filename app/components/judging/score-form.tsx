import { Form, useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { formatNumber } from "#app/domain/format.ts";
import { liveScoreCheck } from "#app/domain/rubric.ts";
import type { JudgeCriterion, JudgeEntryView, JudgeScoreSheet } from "#app/domain/judging-view.ts";

/** The parts of the judge's entry view (app/domain/judging-view.ts) the sheet needs. */
interface View {
  entry: Pick<JudgeEntryView["entry"], "id">;
  round: Pick<JudgeEntryView["round"], "open" | "scoreStep">;
  criteria: JudgeCriterion[];
  score: Omit<JudgeScoreSheet, "total">;
}

interface ActionResult {
  intent: string;
  error: string | null;
  problems: Record<string, string>;
  status?: string;
}

const AUTOSAVE_MS = 1200;

/**
 * The score sheet built from the round's rubric: one field per criterion with its bounds, a
 * comment, drafts saved automatically (a fetcher, so typing is never interrupted), "save and
 * next", and keyboard shortcuts. A submitted sheet is read-only.
 */
export function ScoreForm({ view, actionData }: { view: View; actionData: ActionResult | undefined }) {
  const { t, i18n } = useTranslation("judging");
  const fetcher = useFetcher<ActionResult>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      view.criteria.map((c) => [c.id, view.score.values[c.id] === undefined ? "" : fmt(view.score.values[c.id]!)]),
    ),
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  const locked = view.score.status === "SUBMITTED";
  const readOnly = locked || !view.round.open;
  // The server's answer that came last (an autosave or a button), not whichever exists: an old
  // autosave's problems must not outlive a later successful submit.
  const [latest, setLatest] = useState<ActionResult | undefined>(actionData);
  useEffect(() => setLatest(actionData), [actionData]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) setLatest(fetcher.data);
  }, [fetcher.state, fetcher.data]);
  // Fields edited since that answer: its verdict on them is stale.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [latest]);
  const live = liveScoreCheck(view.criteria, values, view.round.scoreStep);
  const problems: Record<string, string> = {};
  if (!locked) {
    for (const c of view.criteria) {
      const p = live.problems[c.id] ?? (edited.has(c.id) ? undefined : latest?.problems[c.id]);
      if (p) problems[c.id] = p;
    }
  }

  const send = (intent: string, viaFetcher = false) => {
    if (!formRef.current) return;
    const fd = new FormData(formRef.current);
    fd.set("intent", intent);
    if (viaFetcher) fetcher.submit(fd, { method: "post" });
    else submit(fd, { method: "post" });
  };
  const scheduleAutosave = () => {
    if (readOnly) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => send("autosave", true), AUTOSAVE_MS);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (readOnly || !(e.ctrlKey || e.metaKey)) return;
    if (e.key === "s") {
      e.preventDefault();
      clearTimeout(timer.current);
      send("save");
    } else if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer.current);
      send("next");
    }
  };
  const status =
    fetcher.state !== "idle"
      ? t("autosaving")
      : fetcher.data && !fetcher.data.error
        ? t("autosaved")
        : actionData?.intent === "submit" && !actionData.error
          ? t("submitted")
          : actionData?.intent === "save" && !actionData.error
            ? t("saved")
            : "";

  return (
    <Form
      method="post"
      ref={formRef}
      onChange={scheduleAutosave}
      onSubmit={() => clearTimeout(timer.current)}
      onKeyDown={onKeyDown}
      className="score-form"
    >
      {locked ? <p className="notice">{t("locked")}</p> : null}
      {!view.round.open && !locked ? <p className="notice">{t("roundClosed")}</p> : null}
      {view.score.reopenReason && !locked ? (
        <p className="notice">{t("reopened", { reason: view.score.reopenReason })}</p>
      ) : null}
      <fieldset disabled={readOnly}>
        <legend className="visually-hidden">{t("scoreTitle")}</legend>
        {view.criteria.map((c) => {
          const problem = problems[c.id];
          const hintId = `hint-${c.id}`;
          const errId = `err-${c.id}`;
          return (
            <div className="field" key={c.id}>
              <label htmlFor={`c-${c.id}`}>
                {c.position}. {c.name}
              </label>
              <div id={hintId} className="hint">
                {t("criterionBounds", { max: fmt(c.maxPoints), step: fmt(view.round.scoreStep) })}
                {c.weight !== 1 ? ` · ${t("weight", { weight: fmt(c.weight) })}` : ""}
                {c.description ? ` · ${c.description}` : ""}
              </div>
              <input
                id={`c-${c.id}`}
                name={`c.${c.id}`}
                inputMode="decimal"
                autoComplete="off"
                value={values[c.id] ?? ""}
                onChange={(e) => {
                  const value = e.target.value;
                  setValues((v) => ({ ...v, [c.id]: value }));
                  setEdited((d) => new Set(d).add(c.id));
                }}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${hintId} ${errId}` : hintId}
                className="score-input"
              />
              {problem ? (
                <div id={errId} className="field-error" role="alert">
                  {t(problem, { max: fmt(c.maxPoints), step: fmt(view.round.scoreStep) })}
                </div>
              ) : null}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="comment">{t("comment")}</label>
          <textarea id="comment" name="comment" rows={4} maxLength={5000} defaultValue={view.score.comment} />
        </div>
        <p className="total" aria-live="polite">
          {t("total")}: <strong>{live.counted === 0 ? "–" : fmt(live.total)}</strong>
          {live.counted > 0 && live.counted < view.criteria.length ? (
            <span className="muted"> {t("totalPartial", { count: view.criteria.length - live.counted })}</span>
          ) : null}
        </p>
        {latest?.error && latest.intent !== "conflict" ? (
          <div className="field-error" role="alert">
            {/* An i18n key from the route, or a service's own message. */}
            {t(latest.error, { defaultValue: latest.error })}
          </div>
        ) : null}
        <div className="button-row">
          <button
            type="submit"
            name="intent"
            value="save"
            className="btn btn--secondary"
            disabled={navigation.state !== "idle"}
          >
            {t("saveDraft")}
          </button>
          <button
            type="submit"
            name="intent"
            value="next"
            className="btn btn--secondary"
            disabled={navigation.state !== "idle"}
          >
            {t("saveAndNext")}
          </button>
          <button
            type="submit"
            name="intent"
            value="submit"
            className="btn"
            disabled={navigation.state !== "idle"}
            aria-describedby="submit-hint"
          >
            {t("submit")}
          </button>
        </div>
        <p id="submit-hint" className="hint">
          {t("submitHint")} {t("keyboardHint")}
        </p>
      </fieldset>
      <p role="status" className="muted">
        {status}
      </p>
    </Form>
  );
}

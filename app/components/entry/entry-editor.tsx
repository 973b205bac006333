import { Form, useNavigation } from "@remix-run/react";
import { useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { checkEligibility, type ContestRules } from "#app/domain/eligibility.ts";
import type { CategoryOption, EntryActionData } from "#app/domain/entry-editor.ts";
import { formatIsoDate } from "#app/domain/dates.ts";
import { formatPercentNumber } from "#app/domain/format.ts";
import { CheckField, Errors, TextField } from "./controls.tsx";
import { emptyPart, payloadOf, ruleText, sharesTotal, splitEvenly, validate, type EditorState } from "./state.ts";

export type { CategoryOption, EntryActionData };

/**
 * The entry form. Client-side state, checked on every keystroke with the same zod schema and
 * eligibility rules the server runs again when the form is posted (as JSON in `payload`).
 */
export function EntryEditor(props: {
  initial: EditorState;
  version?: number;
  status: string;
  contest: ContestRules;
  categories: CategoryOption[];
  files: { partIndex: number; mimeType: string }[];
  serverNow: string;
  editable: boolean;
  actionData?: EntryActionData;
  partExtras?: (index: number) => ReactNode;
}) {
  const { t, i18n } = useTranslation("entry");
  const lang = i18n.language;
  const navigation = useNavigation();
  const [s, setS] = useState(props.initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  // Keep the browser's clock in step with the server's for the deadline rule.
  const [offset] = useState(() => new Date(props.serverNow).getTime() - Date.now());

  const category = props.categories.find((c) => c.id === s.categoryId) ?? null;
  const { errors } = useMemo(() => validate(s, props.version), [s, props.version]);
  const issues = useMemo(() => {
    const p = payloadOf(s);
    return checkEligibility(p, props.contest, category, new Date(Date.now() + offset), props.files);
  }, [s, props.contest, category, offset, props.files]);

  const touch = (path: string) => setTouched((old) => (old.has(path) ? old : new Set(old).add(path)));
  const set = <K extends keyof EditorState>(key: K, value: EditorState[K]) => {
    touch(String(key));
    setS((old) => ({ ...old, [key]: value }));
  };
  const setPart = (i: number, key: keyof EditorState["parts"][number], value: string) => {
    touch(`parts.${i}.${key}`);
    setS((old) => ({ ...old, parts: old.parts.map((p, j) => (j === i ? { ...p, [key]: value } : p)) }));
  };
  const setAuthor = (i: number, key: keyof EditorState["authors"][number], value: string) => {
    touch(`authors.${i}.${key}`);
    setS((old) => ({ ...old, authors: old.authors.map((a, j) => (j === i ? { ...a, [key]: value } : a)) }));
  };
  const server = props.actionData?.fieldErrors ?? {};
  const show = (path: string): string[] => {
    const own = attempted || touched.has(path) ? (errors[path] ?? []) : [];
    const inline = issues
      .filter((i) => i.path === path && ["window", "url", "shares", "otherAward"].includes(i.rule))
      .filter((i) => i.rule !== "url" || attempted || touched.has(path))
      .map((i) => ruleText(t, i, lang));
    return [...new Set([...own, ...(server[path] ?? []), ...inline])];
  };
  const ro = !props.editable;
  const pending = navigation.state !== "idle";
  const payload = JSON.stringify(payloadOf(s, props.version));
  const start = formatIsoDate(props.contest.publicationStart);
  const end = formatIsoDate(props.contest.publicationEnd);

  return (
    <Form method="post" className="entry-form" onSubmit={() => setAttempted(true)} noValidate>
      <input type="hidden" name="payload" value={payload} />
      <div className="field">
        <label htmlFor="entry-category">{t("category")}</label>
        <select
          id="entry-category"
          value={s.categoryId}
          disabled={ro || props.status === "SUBMITTED"}
          aria-invalid={show("categoryId").length ? true : undefined}
          aria-describedby={show("categoryId").length ? "entry-category-err" : undefined}
          onChange={(e) => set("categoryId", e.target.value)}
        >
          <option value="">{t("chooseCategory")}</option>
          {props.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <Errors id="entry-category-err" errors={show("categoryId")} />
      </div>
      <TextField
        label={t("title")}
        value={s.title}
        onChange={(v) => set("title", v)}
        errors={show("title")}
        required
        disabled={ro}
      />
      <TextField
        label={t("outlet")}
        value={s.outlet}
        onChange={(v) => set("outlet", v)}
        errors={show("outlet")}
        required
        disabled={ro}
      />
      <TextField
        label={t("summary")}
        value={s.summary}
        onChange={(v) => set("summary", v)}
        errors={show("summary")}
        multiline
        disabled={ro}
      />

      <fieldset className="entry-section">
        <legend>{t("kind")}</legend>
        {(["SINGLE", "SERIES"] as const).map((k) => (
          <div className="check" key={k}>
            <input
              type="radio"
              id={`kind-${k}`}
              name="kind-choice"
              checked={s.kind === k}
              disabled={ro}
              onChange={() =>
                setS((old) => ({
                  ...old,
                  kind: k,
                  parts:
                    k === "SINGLE"
                      ? old.parts.slice(0, 1)
                      : old.parts.length < 2
                        ? [...old.parts, emptyPart()]
                        : old.parts,
                }))
              }
            />
            <label htmlFor={`kind-${k}`}>{k === "SINGLE" ? t("kindSingle") : t("kindSeries")}</label>
          </div>
        ))}
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t("parts")}</legend>
        <p className="hint">{t("partsHint", { max: props.contest.maxPartsPerEntry, start, end })}</p>
        <Errors id="parts-err" errors={show("parts")} />
        {s.parts.map((p, i) => (
          <div className="entry-part card" key={i}>
            <h3>{t("part", { n: i + 1 })}</h3>
            <TextField
              label={t("partTitle", { n: i + 1 })}
              value={p.title}
              onChange={(v) => setPart(i, "title", v)}
              errors={show(`parts.${i}.title`)}
              disabled={ro}
            />
            <TextField
              label={t("publishedOn", { n: i + 1 })}
              type="date"
              value={p.publishedOn}
              onChange={(v) => setPart(i, "publishedOn", v)}
              errors={show(`parts.${i}.publishedOn`)}
              required
              disabled={ro}
            />
            <TextField
              label={t("url", { n: i + 1 })}
              type="url"
              hint={category?.urlRequired ? t("urlRequired") : undefined}
              value={p.url}
              onChange={(v) => setPart(i, "url", v)}
              errors={show(`parts.${i}.url`)}
              required={category?.urlRequired}
              disabled={ro}
            />
            {props.partExtras?.(i)}
            {!ro && s.kind === "SERIES" && s.parts.length > 2 ? (
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => setS((old) => ({ ...old, parts: old.parts.filter((_, j) => j !== i) }))}
              >
                {t("removePart", { n: i + 1 })}
              </button>
            ) : null}
          </div>
        ))}
        {!ro && s.kind === "SERIES" && s.parts.length < props.contest.maxPartsPerEntry ? (
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => setS((old) => ({ ...old, parts: [...old.parts, emptyPart()] }))}
          >
            {t("addPart")}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t("authors")}</legend>
        <p className="hint">{t("authorsHint", { max: props.contest.maxAuthorsPerEntry })}</p>
        {s.authors.map((a, i) => (
          <div className="entry-author card" key={i}>
            <h3>{t("author", { n: i + 1 })}</h3>
            <TextField
              label={t("fullName", { n: i + 1 })}
              value={a.fullName}
              onChange={(v) => setAuthor(i, "fullName", v)}
              errors={show(`authors.${i}.fullName`)}
              required
              disabled={ro}
            />
            <TextField
              label={t("penName", { n: i + 1 })}
              value={a.penName}
              onChange={(v) => setAuthor(i, "penName", v)}
              errors={show(`authors.${i}.penName`)}
              disabled={ro}
            />
            <TextField
              label={t("agency", { n: i + 1 })}
              value={a.agency}
              onChange={(v) => setAuthor(i, "agency", v)}
              errors={show(`authors.${i}.agency`)}
              disabled={ro}
            />
            <TextField
              label={t("authorEmail", { n: i + 1 })}
              type="email"
              value={a.email}
              onChange={(v) => setAuthor(i, "email", v)}
              errors={show(`authors.${i}.email`)}
              disabled={ro}
            />
            <TextField
              label={t("share", { n: i + 1 })}
              type="text-decimal"
              inputMode="decimal"
              value={a.share}
              onChange={(v) => setAuthor(i, "share", v)}
              errors={show(`authors.${i}.sharePercent`)}
              required
              disabled={ro}
            />
            {!ro && i > 0 ? (
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => setS((old) => ({ ...old, authors: old.authors.filter((_, j) => j !== i) }))}
              >
                {t("removeAuthor", { n: i + 1 })}
              </button>
            ) : null}
          </div>
        ))}
        <p aria-live="polite">{t("sharesTotal", { total: formatPercentNumber(sharesTotal(s.authors), lang) })}</p>
        <Errors id="authors-err" errors={show("authors")} />
        {!ro ? (
          <p className="button-row">
            {s.authors.length < props.contest.maxAuthorsPerEntry ? (
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() =>
                  setS((old) => ({
                    ...old,
                    authors: splitEvenly(
                      [...old.authors, { fullName: "", penName: "", agency: "", email: "", share: "" }],
                      lang,
                    ),
                  }))
                }
              >
                {t("addAuthor")}
              </button>
            ) : null}
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() => setS((old) => ({ ...old, authors: splitEvenly(old.authors, lang) }))}
            >
              {t("splitEvenly")}
            </button>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t("declarations")}</legend>
        <CheckField
          label={t("declaredOriginal")}
          checked={s.declaredOriginal}
          onChange={(v) => set("declaredOriginal", v)}
          disabled={ro}
        />
        <CheckField
          label={t("declaredOtherAward")}
          checked={s.declaredOtherAward}
          onChange={(v) => set("declaredOtherAward", v)}
          disabled={ro}
        />
        {s.declaredOtherAward ? (
          <TextField
            label={t("otherAwardDetails")}
            value={s.otherAwardDetails}
            onChange={(v) => set("otherAwardDetails", v)}
            errors={show("otherAwardDetails")}
            disabled={ro}
          />
        ) : null}
      </fieldset>

      {/* The rule check is advice for what the owner can still change; a read-only entry
          (withdrawn, judged, past the deadline) has nothing left to submit. */}
      {!ro ? (
        <section className="rule-check card" aria-labelledby="rule-check-title">
          <h2 id="rule-check-title">{t("checkTitle")}</h2>
          <div aria-live="polite">
            {issues.length ? (
              <ul>
                {issues.map((i, n) => (
                  <li key={`${i.rule}-${i.path}-${n}`}>{ruleText(t, i, lang)}</li>
                ))}
              </ul>
            ) : (
              <p>{props.status === "SUBMITTED" ? t("allGoodSubmitted") : t("allGood")}</p>
            )}
          </div>
          {props.actionData?.issues?.length ? (
            <div role="alert" className="field-error">
              {props.actionData.issues.map((i, n) => (
                <div key={n}>{ruleText(t, i, lang)}</div>
              ))}
            </div>
          ) : null}
          {props.actionData?.formError ? (
            <div role="alert" className="field-error">
              {t(props.actionData.formError, { defaultValue: props.actionData.formError })}
            </div>
          ) : null}
        </section>
      ) : props.actionData?.formError ? (
        <div role="alert" className="field-error">
          {t(props.actionData.formError, { defaultValue: props.actionData.formError })}
        </div>
      ) : null}

      {!ro ? (
        <p className="button-row">
          <button type="submit" name="intent" value="save" className="btn btn--secondary" disabled={pending}>
            {props.status === "SUBMITTED" ? t("saveChanges") : t("saveDraft")}
          </button>
          {props.status === "DRAFT" ? (
            <button type="submit" name="intent" value="submit" className="btn" disabled={pending}>
              {t("submit")}
            </button>
          ) : null}
        </p>
      ) : null}
    </Form>
  );
}

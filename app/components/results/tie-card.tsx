import { formatNumber } from "#app/domain/format.ts";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "#app/components/forms.tsx";

interface Tie {
  entryIds: string[];
  aggregate: number;
  members: { id: string; code: string; title: string }[];
  resolution: { decision: "TIE_RESOLVED" | "MANUAL"; reason: string; rule: string | null } | null;
}

/** A tie at a prize boundary: resolve it by the contest's rule or by a manual order with a reason. */
export function TieCard({
  categoryId,
  tie,
  rule,
  minReason,
  canResolve,
  action,
}: {
  categoryId: string;
  tie: Tie;
  rule: string;
  /** The contest's minimum reason length for a manual decision. */
  minReason: number;
  canResolve: boolean;
  action?: { ok: boolean; message: string };
}) {
  const { t, i18n } = useTranslation("results");
  const navigation = useNavigation();
  const key = tie.entryIds.join(",");
  const id = `tie-${tie.entryIds[0]}`;
  return (
    <div className={`tie${tie.resolution ? " tie--resolved" : ""}`} role="group" aria-labelledby={id}>
      <p id={id}>
        <strong>
          {t("tieIntro", {
            count: tie.members.length,
            score: formatNumber(tie.aggregate, i18n.language, 3),
          })}
        </strong>
      </p>
      <ul>
        {tie.members.map((m) => (
          <li key={m.id}>
            {m.code} — {m.title}
          </li>
        ))}
      </ul>
      {tie.resolution ? (
        <p>
          {t("tieResolved", {
            decision: t(`decision.${tie.resolution.decision}`),
            reason: tie.resolution.rule
              ? t(`ruleName.${tie.resolution.rule}`, { defaultValue: tie.resolution.rule })
              : tie.resolution.reason,
          })}
        </p>
      ) : null}
      {action ? (
        <p role={action.ok ? "status" : "alert"} className={action.ok ? "" : "field-error"}>
          {action.ok ? "✓" : action.message}
        </p>
      ) : null}
      {canResolve ? (
        <>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="resolve-rule" />
            <input type="hidden" name="categoryId" value={categoryId} />
            <input type="hidden" name="entryIds" value={key} />
            <SubmitButton className="btn btn--secondary" pending={navigation.state !== "idle"}>
              {t("resolveRule", { rule: t(`ruleName.${rule}`, { defaultValue: rule }) })}
            </SubmitButton>
          </Form>
          <details>
            <summary>{t("manualTitle")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="resolve-manual" />
              <input type="hidden" name="categoryId" value={categoryId} />
              <input type="hidden" name="entryIds" value={key} />
              {tie.members.map((m, i) => (
                <div className="field" key={m.id}>
                  <label htmlFor={`place-${m.id}`}>{t("manualOrder", { code: m.code })}</label>
                  <input
                    id={`place-${m.id}`}
                    name={`place.${m.id}`}
                    type="number"
                    min={1}
                    max={tie.members.length}
                    defaultValue={i + 1}
                    required
                    className="score-input"
                  />
                </div>
              ))}
              <div className="field">
                <label htmlFor={`reason-${key}`}>{t("reason")}</label>
                <textarea id={`reason-${key}`} name="reason" required minLength={minReason} maxLength={2000} rows={2} />
              </div>
              <SubmitButton className="btn" pending={navigation.state !== "idle"}>
                {t("resolveManual")}
              </SubmitButton>
            </Form>
          </details>
        </>
      ) : null}
    </div>
  );
}

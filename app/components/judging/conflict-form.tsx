import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";

/** Declare a conflict of interest or abstain: the entry leaves the judge's list. */
export function ConflictForm({ error, minReason }: { error: string | null | undefined; minReason: number }) {
  const { t } = useTranslation("judging");
  const navigation = useNavigation();
  return (
    <details className="conflict" open={Boolean(error)}>
      <summary>{t("conflictTitle")}</summary>
      <p>{t("conflictIntro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="conflict" />
        <fieldset>
          <legend>{t("conflictKind")}</legend>
          <label className="inline">
            <input type="radio" name="kind" value="DECLARED_BY_JUDGE" defaultChecked /> {t("kindConflict")}
          </label>
          <label className="inline">
            <input type="radio" name="kind" value="ABSTAINED" /> {t("kindAbstain")}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="conflict-reason">{t("reason")}</label>
          <textarea
            id="conflict-reason"
            name="reason"
            rows={3}
            required
            minLength={minReason}
            maxLength={1000}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "conflict-error" : undefined}
          />
          <ErrorList id="conflict-error" errors={error ? [error] : null} values={{ min: minReason }} />
        </div>
        <SubmitButton className="btn btn--secondary" pending={navigation.state === "submitting"}>
          {t("declare")}
        </SubmitButton>
      </Form>
    </details>
  );
}

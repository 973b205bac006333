import type { TFunction } from "i18next";
import { formatIsoDate, isIsoDate } from "#app/domain/dates.ts";
import { formatPercentNumber } from "#app/domain/format.ts";
import type { IssueParams, MailedIssue } from "#app/domain/mailed-entries.ts";

/** A reason's values for its sentence: ISO dates dd/mm/yyyy, a share total in the reader's digits. */
function shown(params: IssueParams | undefined, locale: string): IssueParams {
  const out: IssueParams = {};
  for (const [k, v] of Object.entries(params ?? {}))
    out[k] =
      typeof v === "string" && isIsoDate(v)
        ? formatIsoDate(v)
        : k === "total" && typeof v === "number"
          ? formatPercentNumber(v, locale)
          : v;
  return out;
}

/**
 * The sentence of a mailed-entry reason in the language of `t` (page, form, CLI alike). A broken
 * entry rule reads as on the online entry form.
 */
export function mailedIssueText(t: TFunction, issue: MailedIssue, locale: string): string {
  const params = shown(issue.params, locale);
  return issue.code === "rule"
    ? t(`rule.${issue.rule}`, { ns: "entry", ...params })
    : t(`mailed.errors.${issue.code}`, { ns: "organizer", ...params });
}

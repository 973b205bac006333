import type { MailedIssue } from "#app/domain/mailed-entries.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { mailedIssueText } from "#app/i18n/mailed-issues.ts";

/** A mailed-entry reason in `locale` (CLI output, tests). */
export function csvErrorText(issue: MailedIssue, locale: Locale = "vi"): string {
  return mailedIssueText(getI18n(locale).t, issue, locale);
}

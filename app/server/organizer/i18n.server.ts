import type { MailedIssue } from "#app/domain/mailed-entries.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { mailedIssueText } from "#app/i18n/mailed-issues.ts";

/** Words of the organizer pages in the request's language (refusals go through `attempt`). */
export function orgText(request: Request) {
  const locale = getLocale(request);
  const i18n = getI18n(locale);
  return {
    /** A mailed-entry reason, for a form field's error (conform carries strings). */
    issue: (issue: MailedIssue) => mailedIssueText(i18n.t, issue, locale),
    t: i18n.t.bind(i18n),
  };
}

import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

export interface EligibilityDecisionMail {
  locale: MailLocale;
  name: string;
  contestName: string;
  code: string;
  title: string;
  eligible: boolean;
  reason: string;
  url: string;
}

/** Tells the submitter an organizer found the entry eligible or not, and why. */
export function eligibilityDecisionMail(m: EligibilityDecisionMail): RenderedMail {
  const t = mailWords(m.locale);
  const verdict = t(m.eligible ? "eligibility.eligible" : "eligibility.ineligible");
  const intro = t("eligibility.intro", {
    name: m.name,
    contestName: m.contestName,
    code: m.code,
    title: m.title,
    verdict,
  });
  const reason = m.reason ? t("eligibility.reason", { reason: m.reason }) : "";
  return layout({
    locale: m.locale,
    subject: t("eligibility.subject", { code: m.code, verdict }),
    preheader: intro,
    html: `<p>${esc(intro)}</p>${reason ? `<p><strong>${esc(reason)}</strong></p>` : ""}`,
    text: [intro, reason].filter(Boolean).join("\n\n"),
    action: { label: t("seeMyEntries"), url: m.url },
  });
}

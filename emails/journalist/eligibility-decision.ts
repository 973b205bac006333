import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

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
  const vi = m.locale === "vi";
  const verdict = m.eligible
    ? vi
      ? "đủ điều kiện dự thi"
      : "eligible"
    : vi
      ? "không đủ điều kiện dự thi"
      : "not eligible";
  const subject = vi ? `Tác phẩm ${m.code} ${verdict}` : `Entry ${m.code} is ${verdict}`;
  const intro = vi
    ? `Kính gửi ${m.name}, Ban tổ chức ${m.contestName} đã xét tác phẩm ${m.code} «${m.title}»: tác phẩm ${verdict}.`
    : `Dear ${m.name}, the organizers of ${m.contestName} have reviewed entry ${m.code} “${m.title}”: it is ${verdict}.`;
  const reason = m.reason ? (vi ? `Lý do: ${m.reason}` : `Reason: ${m.reason}`) : "";
  return layout({
    locale: m.locale,
    subject,
    preheader: intro,
    html: `<p>${esc(intro)}</p>${reason ? `<p><strong>${esc(reason)}</strong></p>` : ""}`,
    text: [intro, reason].filter(Boolean).join("\n\n"),
    action: { label: vi ? "Xem tác phẩm của tôi" : "See my entries", url: m.url },
  });
}

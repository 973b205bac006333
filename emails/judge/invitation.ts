import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

export interface JudgeInvitationMail {
  locale: MailLocale;
  name: string;
  contestName: string;
  url: string;
  expiresOn: string;
}

/** Invites a judge; the link lets them set a password (or sign in if they have one). */
export function judgeInvitationMail(m: JudgeInvitationMail): RenderedMail {
  const t = mailWords(m.locale);
  const body = t("judgeInvitation.body", { name: m.name, contestName: m.contestName, expiresOn: m.expiresOn });
  return layout({
    locale: m.locale,
    subject: t("judgeInvitation.subject", { contestName: m.contestName }),
    preheader: body,
    html: `<p>${esc(body)}</p>`,
    text: body,
    action: { label: t("judgeInvitation.action"), url: m.url },
  });
}

import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

export interface JudgeInvitationMail {
  locale: MailLocale;
  name: string;
  contestName: string;
  url: string;
  expiresOn: string;
}

/** Invites a judge; the link lets them set a password (or sign in if they have one). */
export function judgeInvitationMail(m: JudgeInvitationMail): RenderedMail {
  const vi = m.locale === "vi";
  const subject = vi ? `Mời tham gia Hội đồng giám khảo ${m.contestName}` : `Invitation to judge ${m.contestName}`;
  const body = vi
    ? `Kính gửi ${m.name}, Ban tổ chức trân trọng mời ông/bà tham gia Hội đồng giám khảo ${m.contestName}. Vui lòng mở liên kết dưới đây để nhận lời mời và đặt mật khẩu. Liên kết có hiệu lực đến hết ngày ${m.expiresOn}.`
    : `Dear ${m.name}, the organizers invite you to join the judging council of ${m.contestName}. Open the link below to accept and set your password. The link is valid until the end of ${m.expiresOn}.`;
  return layout({
    locale: m.locale,
    subject,
    preheader: body,
    html: `<p>${esc(body)}</p>`,
    text: body,
    action: { label: vi ? "Nhận lời mời" : "Accept the invitation", url: m.url },
  });
}

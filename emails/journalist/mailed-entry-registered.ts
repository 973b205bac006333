import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

export interface MailedEntryRegisteredMail {
  locale: MailLocale;
  name: string;
  contestName: string;
  code: string;
  title: string;
  postmark: string;
  received: string;
  /** The account was created for this entry: tell them how to sign in. */
  newAccount: boolean;
  url: string;
}

/** Receipt for a paper entry registered by the organizers. */
export function mailedEntryRegisteredMail(m: MailedEntryRegisteredMail): RenderedMail {
  const vi = m.locale === "vi";
  const subject = vi ? `Đã nhận tác phẩm ${m.code} gửi qua bưu điện` : `Your mailed entry ${m.code} was received`;
  const body = vi
    ? `Kính gửi ${m.name}, Ban tổ chức ${m.contestName} đã nhận và vào sổ tác phẩm «${m.title}» (dấu bưu điện ${m.postmark}, nhận ngày ${m.received}) với mã ${m.code}.`
    : `Dear ${m.name}, the organizers of ${m.contestName} received and registered “${m.title}” (postmarked ${m.postmark}, received ${m.received}) as ${m.code}.`;
  const account = m.newAccount
    ? vi
      ? "Một tài khoản đã được tạo với địa chỉ email này để ông/bà theo dõi tác phẩm; hãy dùng chức năng quên mật khẩu để đặt mật khẩu."
      : "An account was created for this address so you can follow your entry; use “forgot password” to set a password."
    : "";
  return layout({
    locale: m.locale,
    subject,
    preheader: body,
    html: `<p>${esc(body)}</p>${account ? `<p>${esc(account)}</p>` : ""}`,
    text: [body, account].filter(Boolean).join("\n\n"),
    action: { label: vi ? "Xem tác phẩm của tôi" : "See my entries", url: m.url },
  });
}

import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

/** Sent at registration: the link that proves the address is the registrant's. */
export function verifyEmailMail(input: { locale: MailLocale; name: string; url: string; hours: number }): RenderedMail {
  const vi = input.locale === "vi";
  const subject = vi ? "Xác nhận địa chỉ email của bạn" : "Confirm your e-mail address";
  const hello = vi ? `Kính gửi ${input.name},` : `Dear ${input.name},`;
  const body = vi
    ? `Cảm ơn bạn đã đăng ký tài khoản dự Giải Báo chí. Vui lòng bấm vào liên kết dưới đây để xác nhận địa chỉ email. Liên kết có hiệu lực trong ${input.hours} giờ.`
    : `Thank you for registering for the Press Award. Please follow the link below to confirm your e-mail address. The link is valid for ${input.hours} hours.`;
  const ignore = vi
    ? "Nếu bạn không đăng ký, hãy bỏ qua thư này."
    : "If you did not register, please ignore this message.";
  return layout({
    locale: input.locale,
    subject,
    preheader: body,
    html: `<p>${esc(hello)}</p><p>${esc(body)}</p><p>${esc(ignore)}</p>`,
    text: `${hello}\n\n${body}\n\n${ignore}`,
    action: { label: vi ? "Xác nhận email" : "Confirm e-mail", url: input.url },
  });
}

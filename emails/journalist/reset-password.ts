import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

/**
 * Password reset link. Also sent when someone tries to register an address that already has
 * an account (`alreadyRegistered`), so the owner learns of it and the form reveals nothing.
 */
export function resetPasswordMail(input: {
  locale: MailLocale;
  name: string;
  url: string;
  hours: number;
  alreadyRegistered?: boolean;
}): RenderedMail {
  const vi = input.locale === "vi";
  const subject = vi ? "Đặt lại mật khẩu" : "Reset your password";
  const hello = vi ? `Kính gửi ${input.name},` : `Dear ${input.name},`;
  const lines = [
    input.alreadyRegistered
      ? vi
        ? "Có người vừa đăng ký tài khoản mới bằng địa chỉ email này, nhưng địa chỉ này đã có tài khoản. Nếu bạn quên mật khẩu, hãy đặt lại bằng liên kết dưới đây."
        : "Someone just tried to register with this address, which already has an account. If you forgot your password, reset it with the link below."
      : vi
        ? "Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản của bạn."
        : "We received a request to reset the password of your account.",
    vi
      ? `Liên kết có hiệu lực trong ${input.hours} giờ và chỉ dùng được một lần. Sau khi đặt lại, mọi phiên đăng nhập cũ sẽ bị đăng xuất.`
      : `The link is valid for ${input.hours} hour(s) and works once. Afterwards every other session is signed out.`,
    vi
      ? "Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn không thay đổi."
      : "If you did not ask for this, ignore this message; your password stays as it is.",
  ];
  return layout({
    locale: input.locale,
    subject,
    preheader: lines[0],
    html: `<p>${esc(hello)}</p>${lines.map((l) => `<p>${esc(l)}</p>`).join("")}`,
    text: `${hello}\n\n${lines.join("\n\n")}`,
    action: { label: vi ? "Đặt lại mật khẩu" : "Reset password", url: input.url },
  });
}

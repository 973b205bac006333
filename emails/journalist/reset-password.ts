import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

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
  const t = mailWords(input.locale);
  const hello = t("hello", { name: input.name });
  const lines = [
    t(input.alreadyRegistered ? "resetPassword.alreadyRegistered" : "resetPassword.requested"),
    t("resetPassword.validity", { hours: input.hours }),
    t("resetPassword.ignore"),
  ];
  return layout({
    locale: input.locale,
    subject: t("resetPassword.subject"),
    preheader: lines[0],
    html: `<p>${esc(hello)}</p>${lines.map((l) => `<p>${esc(l)}</p>`).join("")}`,
    text: `${hello}\n\n${lines.join("\n\n")}`,
    action: { label: t("resetPassword.action"), url: input.url },
  });
}

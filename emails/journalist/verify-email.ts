import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

/** Sent at registration: the link that proves the address is the registrant's. */
export function verifyEmailMail(input: { locale: MailLocale; name: string; url: string; hours: number }): RenderedMail {
  const t = mailWords(input.locale);
  const hello = t("hello", { name: input.name });
  const body = t("verifyEmail.body", { hours: input.hours });
  const ignore = t("verifyEmail.ignore");
  return layout({
    locale: input.locale,
    subject: t("verifyEmail.subject"),
    preheader: body,
    html: `<p>${esc(hello)}</p><p>${esc(body)}</p><p>${esc(ignore)}</p>`,
    text: `${hello}\n\n${body}\n\n${ignore}`,
    action: { label: t("verifyEmail.action"), url: input.url },
  });
}

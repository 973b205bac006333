import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

/** Confirms that an entry was withdrawn at its author's request. */
export function withdrawalMail(input: {
  locale: MailLocale;
  name: string;
  code: string;
  title: string;
  contestName: string;
  withdrawnAt: string;
}): RenderedMail {
  const t = mailWords(input.locale);
  const lines = [t("hello", { name: input.name }), t("withdrawal.body", input), t("withdrawal.notJudged")];
  return layout({
    locale: input.locale,
    subject: t("withdrawal.subject", { code: input.code }),
    preheader: lines[1],
    html: lines.map((l) => `<p>${esc(l)}</p>`).join(""),
    text: lines.join("\n\n"),
  });
}

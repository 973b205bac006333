import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

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
  const t = mailWords(m.locale);
  const body = t("mailedEntry.body", {
    name: m.name,
    contestName: m.contestName,
    title: m.title,
    postmark: m.postmark,
    received: m.received,
    code: m.code,
  });
  const account = m.newAccount ? t("mailedEntry.newAccount") : "";
  return layout({
    locale: m.locale,
    subject: t("mailedEntry.subject", { code: m.code }),
    preheader: body,
    html: `<p>${esc(body)}</p>${account ? `<p>${esc(account)}</p>` : ""}`,
    text: [body, account].filter(Boolean).join("\n\n"),
    action: { label: t("seeMyEntries"), url: m.url },
  });
}

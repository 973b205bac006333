import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";
import { mailWords } from "../words.ts";

export interface RoundOpenedMail {
  locale: MailLocale;
  name: string;
  contestName: string;
  roundName: string;
  /** Entries assigned to this judge in the round: what they will find on /judge. */
  entries: number;
  /** dd/mm/yyyy, when the round has a scoring deadline. */
  deadline?: string | null;
  url: string;
}

/**
 * Sent to each judge with at least one assignment when a round opens (or, in a round already
 * open, when they first get assignments). Never to a judge with nothing to score.
 */
export function roundOpenedMail(m: RoundOpenedMail): RenderedMail {
  const t = mailWords(m.locale);
  const body = [
    t("roundOpened.body", { name: m.name, contestName: m.contestName, roundName: m.roundName }),
    t(m.entries === 1 ? "roundOpened.countOne" : "roundOpened.countOther", { count: m.entries }),
    m.deadline ? t("roundOpened.deadline", { deadline: m.deadline }) : "",
  ]
    .filter(Boolean)
    .join(" ");
  return layout({
    locale: m.locale,
    subject: t("roundOpened.subject", { roundName: m.roundName, contestName: m.contestName }),
    preheader: body,
    html: `<p>${esc(body)}</p>`,
    text: body,
    action: { label: t("roundOpened.action"), url: m.url },
  });
}

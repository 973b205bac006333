import { formatNumber } from "#app/domain/format.ts";
import { formatVnd } from "#app/domain/money.ts";
import { esc, layout, type MailLocale, type RenderedMail } from "#emails/layout.ts";
import { mailWords } from "#emails/words.ts";

/** The results announcement, to every entrant; winners also read which prize they won. */
export interface AnnouncementInput {
  locale: MailLocale;
  name: string;
  contestName: string;
  resultsUrl: string;
  /**
   * `amount` is the prize's total; `share` is what this person receives of it when the prize
   * is split between co-authors (absent when it is all theirs).
   */
  wins: {
    title: string;
    code: string;
    category: string;
    prize: string;
    amount: number;
    share?: { amount: number; shareBp: number };
  }[];
}

const percent = (bp: number, locale: MailLocale) => formatNumber(bp / 100, locale, 2);

export function announcementMail(i: AnnouncementInput): RenderedMail {
  const t = mailWords(i.locale);
  const greet = t("hello", { name: i.name });
  const intro = t("announcement.intro", { contestName: i.contestName });
  const winLines = i.wins.map((w) => {
    const win = t("announcement.win", { prize: w.prize, category: w.category, title: w.title, code: w.code });
    if (!w.share) return t("announcement.winAmount", { win, amount: formatVnd(w.amount, i.locale) });
    return t("announcement.winShare", {
      win,
      share: formatVnd(w.share.amount, i.locale),
      percent: percent(w.share.shareBp, i.locale),
      amount: formatVnd(w.amount, i.locale),
    });
  });
  const congrats = t(i.wins.length ? "announcement.congrats" : "announcement.noWin");
  const html = [
    `<p>${esc(greet)}</p>`,
    `<p>${esc(intro)}</p>`,
    `<p>${esc(congrats)}</p>`,
    winLines.length ? `<ul>${winLines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>` : "",
  ].join("\n");
  const text = [greet, "", intro, "", congrats, ...winLines.map((l) => `- ${l}`)].join("\n");
  return layout({
    locale: i.locale,
    subject: t("announcement.subject", { contestName: i.contestName }),
    preheader: i.wins.length ? congrats : intro,
    html,
    text,
    action: { label: t("announcement.action"), url: i.resultsUrl },
  });
}

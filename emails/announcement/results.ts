import { formatNumber } from "#app/domain/format.ts";
import { formatVnd } from "#app/domain/money.ts";
import { esc, layout, type MailLocale, type RenderedMail } from "#emails/layout.ts";

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
  const vi = i.locale === "vi";
  const subject = vi ? `Công bố kết quả: ${i.contestName}` : `Results announced: ${i.contestName}`;
  const greet = vi ? `Kính gửi ${i.name},` : `Dear ${i.name},`;
  const intro = vi
    ? `Ban tổ chức trân trọng thông báo kết quả ${i.contestName}. Cảm ơn bạn đã tham gia giải.`
    : `The organizers are pleased to announce the results of the ${i.contestName}. Thank you for taking part.`;
  const winLines = i.wins.map((w) => {
    const head = vi
      ? `${w.prize} – ${w.category}: «${w.title}» (${w.code})`
      : `${w.prize} – ${w.category}: “${w.title}” (${w.code})`;
    if (!w.share) return `${head}, ${formatVnd(w.amount, i.locale)}`;
    return vi
      ? `${head}: phần của bạn ${formatVnd(w.share.amount, "vi")} (${percent(w.share.shareBp, "vi")} %) trong tổng giải ${formatVnd(w.amount, "vi")}`
      : `${head}: your share ${formatVnd(w.share.amount, "en")} (${percent(w.share.shareBp, "en")}%) of the prize's ${formatVnd(w.amount, "en")}`;
  });
  const congrats = i.wins.length
    ? vi
      ? "Xin chúc mừng! Tác phẩm của bạn đoạt giải:"
      : "Congratulations! Your work won:"
    : vi
      ? "Tác phẩm của bạn không nằm trong danh sách đoạt giải năm nay. Toàn bộ kết quả được đăng tại trang kết quả."
      : "Your work is not among this year's winners. The full results are on the results page.";
  const html = [
    `<p>${esc(greet)}</p>`,
    `<p>${esc(intro)}</p>`,
    `<p>${esc(congrats)}</p>`,
    winLines.length ? `<ul>${winLines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>` : "",
  ].join("\n");
  const text = [greet, "", intro, "", congrats, ...winLines.map((l) => `- ${l}`)].join("\n");
  return layout({
    locale: i.locale,
    subject,
    preheader: i.wins.length ? congrats : intro,
    html,
    text,
    action: { label: vi ? "Xem kết quả" : "See the results", url: i.resultsUrl },
  });
}

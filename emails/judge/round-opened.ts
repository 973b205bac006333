import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

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
  const vi = m.locale === "vi";
  const subject = vi ? `${m.roundName} đã mở: ${m.contestName}` : `${m.roundName} is open: ${m.contestName}`;
  const count = vi
    ? `Ông/bà được phân công chấm ${m.entries} tác phẩm trong vòng này.`
    : `You are assigned ${m.entries} ${m.entries === 1 ? "entry" : "entries"} in this round.`;
  const deadline = m.deadline
    ? vi
      ? ` Vui lòng nộp phiếu chấm trước hết ngày ${m.deadline}.`
      : ` Please submit your score sheets by the end of ${m.deadline}.`
    : "";
  const body = vi
    ? `Kính gửi ${m.name}, Ban tổ chức ${m.contestName} đã mở ${m.roundName}. ${count}${deadline}`
    : `Dear ${m.name}, the organizers of ${m.contestName} have opened ${m.roundName}. ${count}${deadline}`;
  return layout({
    locale: m.locale,
    subject,
    preheader: body,
    html: `<p>${esc(body)}</p>`,
    text: body,
    action: { label: vi ? "Vào trang chấm" : "Open judging", url: m.url },
  });
}

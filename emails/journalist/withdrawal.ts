import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

/** Confirms that an entry was withdrawn at its author's request. */
export function withdrawalMail(input: {
  locale: MailLocale;
  name: string;
  code: string;
  title: string;
  contestName: string;
  withdrawnAt: string;
}): RenderedMail {
  const vi = input.locale === "vi";
  const subject = vi ? `Xác nhận rút tác phẩm ${input.code}` : `Entry ${input.code} withdrawn`;
  const lines = vi
    ? [
        `Kính gửi ${input.name},`,
        `Tác phẩm "${input.title}" (mã ${input.code}) đã được rút khỏi ${input.contestName} lúc ${input.withdrawnAt} (giờ Việt Nam) theo yêu cầu của bạn.`,
        "Tác phẩm sẽ không được chấm. Nếu bạn không thực hiện thao tác này, hãy liên hệ ngay Ban tổ chức.",
      ]
    : [
        `Dear ${input.name},`,
        `Your entry "${input.title}" (code ${input.code}) was withdrawn from ${input.contestName} at ${input.withdrawnAt} (Vietnam time) at your request.`,
        "It will not be judged. If you did not do this, contact the organizers at once.",
      ];
  return layout({
    locale: input.locale,
    subject,
    preheader: lines[1],
    html: lines.map((l) => `<p>${esc(l)}</p>`).join(""),
    text: lines.join("\n\n"),
  });
}

import { esc, layout, type MailLocale, type RenderedMail } from "../layout.ts";

/** Sent to every judge of a contest when the organizers start judging. */
export function judgingStartedMail(m: { locale: MailLocale; name: string; contestName: string; url: string }): RenderedMail {
  const vi = m.locale === "vi";
  const subject = vi ? `Bắt đầu chấm ${m.contestName}` : `Judging has started: ${m.contestName}`;
  const body = vi
    ? `Kính gửi ${m.name}, Ban tổ chức đã bắt đầu giai đoạn chấm giải ${m.contestName}. Các tác phẩm được phân công cho ông/bà đã sẵn sàng.`
    : `Dear ${m.name}, the organizers have started judging ${m.contestName}. The entries assigned to you are ready.`;
  return layout({ locale: m.locale, subject, preheader: body, html: `<p>${esc(body)}</p>`, text: body, action: { label: vi ? "Vào trang chấm" : "Open judging", url: m.url } });
}

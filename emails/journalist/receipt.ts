import { esc, layout, type RenderedMail } from "../layout.ts";
import { authorLine, partLine, receiptLines, type ReceiptData } from "./receipt-data.ts";

/** Biên nhận: sent once when an entry is submitted, with the receipt PDF attached. */
export function receiptMail(d: ReceiptData): RenderedMail {
  const vi = d.locale === "vi";
  const subject = vi ? `Biên nhận tác phẩm dự thi ${d.code}` : `Receipt for entry ${d.code}`;
  const intro = vi
    ? `Kính gửi ${d.submitterName}, Ban tổ chức đã nhận tác phẩm dự thi của bạn.`
    : `Dear ${d.submitterName}, the organizers have received your entry.`;
  const edit = vi
    ? `Bạn có thể sửa hoặc rút tác phẩm đến hết ${d.deadline} (giờ Việt Nam); sau thời điểm đó tác phẩm chỉ còn xem được. Biên nhận bản PDF được đính kèm.`
    : `You may edit or withdraw the entry until ${d.deadline} (Vietnam time); afterwards it is read-only. The PDF receipt is attached.`;
  const lines = receiptLines(d);
  const partsTitle = vi ? "Các kỳ/phần" : "Parts";
  const authorsTitle = vi ? "Tác giả và tỷ lệ hưởng giải" : "Authors and prize shares";
  const html = [
    `<p>${esc(intro)}</p>`,
    `<table role="presentation" style="border-collapse:collapse">${lines
      .map(
        (l) =>
          `<tr><td style="padding:2px 12px 2px 0;color:#55535a">${esc(l.label)}</td><td style="padding:2px 0"><strong>${esc(l.value)}</strong></td></tr>`,
      )
      .join("")}</table>`,
    `<h3>${esc(partsTitle)}</h3><ul>${d.parts.map((p) => `<li>${esc(partLine(d, p))}</li>`).join("")}</ul>`,
    `<h3>${esc(authorsTitle)}</h3><ul>${d.authors.map((a) => `<li>${esc(authorLine(d, a))}</li>`).join("")}</ul>`,
    `<p>${esc(edit)}</p>`,
  ].join("\n");
  const text = [
    intro,
    "",
    ...lines.map((l) => `${l.label}: ${l.value}`),
    "",
    `${partsTitle}:`,
    ...d.parts.map((p) => `- ${partLine(d, p)}`),
    "",
    `${authorsTitle}:`,
    ...d.authors.map((a) => `- ${authorLine(d, a)}`),
    "",
    edit,
  ].join("\n");
  return layout({
    locale: d.locale,
    subject,
    preheader: intro,
    html,
    text,
    action: { label: vi ? "Xem, sửa hoặc rút tác phẩm" : "View, edit or withdraw the entry", url: d.editUrl },
  });
}

import { esc, layout, type RenderedMail } from "../layout.ts";
import { authorLine, partLine, receiptLines, type ReceiptData } from "./receipt-data.ts";
import { mailWords } from "../words.ts";

/** The receipt's subject alone (the outbox list shows it; the bodies are rendered when sent). */
export function receiptSubject(d: Pick<ReceiptData, "locale" | "code">): string {
  return mailWords(d.locale)("receipt.subject", { code: d.code });
}

/** Biên nhận: sent once when an entry is submitted, with the receipt PDF attached. */
export function receiptMail(d: ReceiptData): RenderedMail {
  const t = mailWords(d.locale);
  const intro = t("receipt.intro", { name: d.submitterName });
  const edit = t("receipt.edit", { deadline: d.deadline });
  const lines = receiptLines(d);
  const partsTitle = t("receipt.parts");
  const authorsTitle = t("receipt.authors");
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
    subject: receiptSubject(d),
    preheader: intro,
    html,
    text,
    action: { label: t("receipt.action"), url: d.editUrl },
  });
}

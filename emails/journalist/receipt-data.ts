import type { MailLocale } from "../layout.ts";
import { mailWords } from "../words.ts";

/** What a submission receipt states: shared by the receipt mail and its PDF. */
export interface ReceiptData {
  locale: MailLocale;
  code: string;
  contestName: string;
  categoryName: string;
  title: string;
  outlet: string;
  kind: "SINGLE" | "SERIES";
  submitterName: string;
  /** dd/mm/yyyy HH:mm, Vietnam time. */
  submittedAt: string;
  /** dd/mm/yyyy HH:mm, the last minute of the deadline day, Vietnam time. */
  deadline: string;
  parts: {
    position: number;
    title: string;
    publishedOn: string;
    url: string;
    files: { name: string; size: string; sha256: string }[];
  }[];
  authors: { fullName: string; penName: string; agency: string; share: string }[];
  editUrl: string;
}

/** The receipt's facts, labelled in the reader's language (the mail and the PDF's English twin). */
export function receiptLines(d: ReceiptData): { label: string; value: string }[] {
  const t = mailWords(d.locale);
  const label = (k: string) => t(`receipt.label.${k}`);
  return [
    { label: label("code"), value: d.code },
    { label: label("contest"), value: d.contestName },
    { label: label("category"), value: d.categoryName },
    { label: label("title"), value: d.title },
    { label: label("outlet"), value: d.outlet },
    {
      label: label("kind"),
      value: d.kind === "SERIES" ? t("receipt.series", { count: d.parts.length }) : t("receipt.single"),
    },
    { label: label("submittedAt"), value: t("receipt.localTime", { at: d.submittedAt }) },
  ];
}

export function partLine(d: ReceiptData, p: ReceiptData["parts"][number]): string {
  const t = mailWords(d.locale);
  const head = t("receipt.part", {
    position: p.position,
    title: p.title ? ` — ${p.title}` : "",
    publishedOn: p.publishedOn,
  });
  return [head, p.url, ...p.files.map((f) => `${f.name} (${f.size}, sha256 ${f.sha256.slice(0, 16)}…)`)]
    .filter(Boolean)
    .join(" · ");
}

export function authorLine(d: ReceiptData, a: ReceiptData["authors"][number]): string {
  const pen = a.penName ? mailWords(d.locale)("receipt.penName", { penName: a.penName }) : "";
  return `${a.fullName}${pen}${a.agency ? `, ${a.agency}` : ""} — ${a.share}`;
}

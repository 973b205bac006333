import { deadlineEndsAt, formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { bpToPercent } from "#app/domain/entry-form.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { formatInstant, formatPercent } from "#app/domain/format.ts";
import type { ReceiptData } from "#emails/journalist/receipt-data.ts";
import { authorLine, partLine, receiptLines } from "#emails/journalist/receipt-data.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { appUrl } from "../shared/env.server.ts";
import { createPdf, pdfToBuffer, wrappedText } from "../shared/pdf.server.ts";

export const receiptInclude = {
  contest: true,
  category: true,
  submitter: true,
  parts: {
    orderBy: { position: "asc" },
    include: { files: { where: { deletedAt: null }, orderBy: { createdAt: "asc" } } },
  },
  authors: { orderBy: { position: "asc" } },
} satisfies Prisma.EntryInclude;

export type ReceiptEntry = Prisma.EntryGetPayload<{ include: typeof receiptInclude }>;

/** Gathers what the receipt states, from the entry as it is in `tx` (after submission). */
export async function loadReceiptData(tx: DbTx, entryId: string, locale: "vi" | "en"): Promise<ReceiptData> {
  return receiptDataOf(await tx.entry.findUniqueOrThrow({ where: { id: entryId }, include: receiptInclude }), locale);
}

/** What the receipt states about `e` (already loaded, e.g. inside the submitting transaction). */
export function receiptDataOf(e: ReceiptEntry, locale: "vi" | "en"): ReceiptData {
  const vi = locale === "vi";
  const tz = e.contest.timeZone;
  // The last minute of the deadline day, as people say it ("hết ngày 10/11/2021").
  const lastMinute = new Date(deadlineEndsAt(toIsoDate(e.contest.submissionDeadline), tz).getTime() - 60_000);
  return {
    locale,
    code: e.code ?? "",
    contestName: vi ? e.contest.nameVi : e.contest.nameEn || e.contest.nameVi,
    categoryName: vi ? e.category.nameVi : e.category.nameEn || e.category.nameVi,
    title: e.title,
    outlet: e.outlet,
    kind: e.kind,
    submitterName: e.submitter.name,
    submittedAt: e.submittedAt ? formatInstant(e.submittedAt, tz) : "",
    deadline: formatInstant(lastMinute, tz),
    parts: e.parts.map((p) => ({
      position: p.position,
      title: p.title,
      publishedOn: formatIsoDate(toIsoDate(p.publishedOn)),
      url: p.url,
      files: p.files.map((f) => ({
        name: f.originalName,
        size: formatBytes(Number(f.sizeBytes), locale),
        sha256: f.sha256,
      })),
    })),
    authors: e.authors.map((a) => ({
      fullName: a.fullName,
      penName: a.penName,
      agency: a.agency,
      share: formatPercent(bpToPercent(a.shareBp), vi ? "vi" : "en"),
    })),
    editUrl: `${appUrl()}/me/entries/${e.id}`,
  };
}

/** The receipt as a one-page A4 PDF in the recipient's language. */
export async function renderReceiptPdf(d: ReceiptData): Promise<Buffer> {
  const vi = d.locale === "vi";
  const doc = createPdf({ title: vi ? `Biên nhận ${d.code}` : `Receipt ${d.code}` });
  doc
    .font("bold")
    .fontSize(16)
    .text(vi ? "BIÊN NHẬN TÁC PHẨM DỰ THI" : "ENTRY RECEIPT", { align: "center" });
  doc.moveDown(0.3).font("body").fontSize(10).text(d.contestName, { align: "center" });
  doc.moveDown(1);
  for (const l of receiptLines(d)) {
    doc.font("bold").fontSize(11).text(`${l.label}: `, { continued: true }).font("body").text(l.value);
  }
  doc
    .moveDown(0.8)
    .font("bold")
    .text(vi ? "Các kỳ/phần" : "Parts");
  doc.font("body").fontSize(10);
  for (const p of d.parts) wrappedText(doc, `• ${partLine(d, p)}`, { indent: 8 });
  doc
    .moveDown(0.8)
    .font("bold")
    .fontSize(11)
    .text(vi ? "Tác giả và tỷ lệ hưởng giải" : "Authors and prize shares");
  doc.font("body").fontSize(10);
  for (const a of d.authors) doc.text(`• ${authorLine(d, a)}`, { indent: 8 });
  doc.moveDown(1).fontSize(10);
  wrappedText(
    doc,
    vi
      ? `Tác phẩm có thể được sửa hoặc rút đến hết ${d.deadline} (giờ Việt Nam) tại ${d.editUrl}`
      : `The entry may be edited or withdrawn until ${d.deadline} (Vietnam time) at ${d.editUrl}`,
  );
  return pdfToBuffer(doc);
}

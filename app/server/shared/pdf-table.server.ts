import type { Pdf } from "./pdf.server.ts";
import { calendarDateIn } from "#app/domain/dates.ts";

/** A plain bordered table for pdfkit that wraps text and breaks across pages. */
export interface Column {
  header: string;
  width: number;
  align?: "left" | "right" | "center";
}

const PAD = 3;

export function drawTable(doc: Pdf, columns: Column[], rows: string[][], opts: { fontSize?: number } = {}): void {
  const size = opts.fontSize ?? 9;
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 2 * PAD }))) + 2 * PAD;
  };
  const drawRow = (cells: string[], font: string) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc.rect(x, y, col.width, h).lineWidth(0.5).stroke("#555555");
      doc
        .fillColor("#000000")
        .font(font)
        .fontSize(size)
        .text(c, x + PAD, y + PAD, { width: col.width - 2 * PAD, align: col.align ?? "left" });
      x += col.width;
    });
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(
    columns.map((c) => c.header),
    "bold",
  );
  for (const r of rows) drawRow(r, "body");
  doc.moveDown(0.5);
  doc.font("body").fontSize(11);
}

/** "ngày 05 tháng 12 năm 2021" in the contest's zone. */
export function vietnameseLongDate(at: Date, timeZone: string): string {
  const [year, month, day] = calendarDateIn(at, timeZone).split("-");
  return `ngày ${day} tháng ${month} năm ${year}`;
}

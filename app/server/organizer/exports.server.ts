/** Entries and authors of a contest as XLSX (two sheets) or CSV (one file each). */
import { createRequire } from "node:module";
import type ExcelJSModule from "exceljs";

// Loaded on the first spreadsheet, not at start (~30 MB of memory most processes never use).
const requireExcel = createRequire(import.meta.url);
const excel = () => requireExcel("exceljs") as typeof ExcelJSModule;
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import type { Db } from "#app/server/db.server.ts";

type Row = (string | number)[];

async function tables(db: Db, contestId: string): Promise<{ entries: Row[]; authors: Row[] }> {
  const list = await db.entry.findMany({
    where: { contestId, status: { not: "DRAFT" } },
    orderBy: [{ category: { sortOrder: "asc" } }, { category: { id: "asc" } }, { code: "asc" }],
    include: {
      category: { select: { nameVi: true } },
      submitter: { select: { email: true, name: true, phone: true } },
      parts: { orderBy: { position: "asc" }, select: { publishedOn: true, url: true } },
      authors: { orderBy: { position: "asc" } },
    },
  });
  const d = (v: Date | null) => (v ? formatIsoDate(toIsoDate(v)) : "");
  const entries: Row[] = [
    ["Mã", "Nhóm giải", "Tên tác phẩm", "Cơ quan/kênh đăng", "Loại", "Kênh nộp", "Trạng thái", "Lý do", "Cảnh báo", "Ngày nộp", "Dấu bưu điện", "Ngày nhận", "Ngày đăng", "Đường dẫn", "Người nộp", "Email", "Điện thoại"],
    ...list.map((e) => [
      e.code ?? "",
      e.category.nameVi,
      e.title,
      e.outlet,
      e.kind,
      e.channel,
      e.status,
      e.statusReason,
      e.flags.join(" "),
      e.submittedAt ? e.submittedAt.toISOString() : "",
      d(e.postmarkDate),
      d(e.receivedDate),
      e.parts.map((p) => d(p.publishedOn)).join("; "),
      e.parts.map((p) => p.url).filter(Boolean).join("; "),
      e.submitter.name,
      e.submitter.email,
      e.submitter.phone,
    ]),
  ];
  const authors: Row[] = [
    ["Mã tác phẩm", "Thứ tự", "Họ và tên", "Bút danh", "Cơ quan báo chí", "Email", "Tỷ lệ hưởng (%)"],
    ...list.flatMap((e) => e.authors.map((a) => [e.code ?? "", a.position, a.fullName, a.penName, a.agency, a.email, a.shareBp / 100])),
  ];
  return { entries, authors };
}

/** RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so spreadsheets do not run it. */
export function toCsv(rows: Row[]): string {
  const cell = (v: string | number) => {
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // The BOM makes Excel read the file as UTF-8 (Vietnamese text).
  return "\ufeff" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

export async function exportCsv(db: Db, contestId: string, which: "entries" | "authors"): Promise<string> {
  return toCsv((await tables(db, contestId))[which]);
}

export async function exportXlsx(db: Db, contestId: string): Promise<Buffer> {
  const t = await tables(db, contestId);
  const wb = new (excel().Workbook)();
  wb.creator = "Giải Báo chí";
  for (const [name, rows] of [["Tác phẩm", t.entries], ["Tác giả", t.authors]] as const) {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRows(rows);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

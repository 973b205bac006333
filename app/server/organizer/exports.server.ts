/** Entries and authors of a contest as XLSX (two sheets) or CSV (one file each). */
import { autoReason } from "#app/domain/stored-reasons.ts";
import { createRequire } from "node:module";
import type ExcelJSModule from "exceljs";

// Loaded on the first spreadsheet, not at start (~30 MB of memory most processes never use).
const requireExcel = createRequire(import.meta.url);
const excel = () => requireExcel("exceljs") as typeof ExcelJSModule;
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { formatInstant } from "#app/domain/format.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import type { Db } from "#app/server/shared/db.server.ts";

type Row = (string | number)[];

/** Who reads the file: its words follow the organizer's language, its times the contest's zone. */
export interface ExportOptions {
  locale?: Locale;
}

const ENTRY_COLUMNS = [
  "code",
  "category",
  "title",
  "outlet",
  "kind",
  "channel",
  "status",
  "reason",
  "flags",
  "submittedAt",
  "postmarkDate",
  "receivedDate",
  "publishedOn",
  "urls",
  "submitter",
  "email",
  "phone",
] as const;
const AUTHOR_COLUMNS = ["entryCode", "position", "fullName", "penName", "agency", "email", "share"] as const;

async function tables(db: Db, contestId: string, opts: ExportOptions): Promise<{ entries: Row[]; authors: Row[] }> {
  const locale = opts.locale ?? "vi";
  const t = getI18n(locale).getFixedT(locale, "organizer");
  const { timeZone } = await db.contest.findUniqueOrThrow({ where: { id: contestId }, select: { timeZone: true } });
  const list = await db.entry.findMany({
    where: { contestId, status: { not: "DRAFT" } },
    orderBy: [{ category: { sortOrder: "asc" } }, { category: { id: "asc" } }, { code: "asc" }],
    include: {
      category: { select: { nameVi: true, nameEn: true } },
      submitter: { select: { email: true, name: true, phone: true } },
      parts: { orderBy: { position: "asc" }, select: { publishedOn: true, url: true } },
      authors: { orderBy: { position: "asc" } },
    },
  });
  const d = (v: Date | null) => (v ? formatIsoDate(toIsoDate(v)) : "");
  // Codes become the words the organizer sees on screen; a code the catalogue lacks stays visible rather than vanishing.
  const label = (group: string, code: string) => t(`${group}.${code}`, { defaultValue: code });
  // A reason the app wrote (a withdrawal) is a code: worded like on screen; a person's words stay.
  const statusReasonText = (reason: string) => {
    const auto = autoReason(reason);
    return auto ? t(`audit.autoReason.${auto}`) : reason;
  };
  const entries: Row[] = [
    ENTRY_COLUMNS.map((c) => t(`exports.entries.${c}`)),
    ...list.map((e) => [
      e.code ?? "",
      locale === "en" && e.category.nameEn ? e.category.nameEn : e.category.nameVi,
      e.title,
      e.outlet,
      label("kind", e.kind),
      label("channel", e.channel),
      label("status", e.status),
      statusReasonText(e.statusReason),
      e.flags.map((f) => label("flags", f)).join("; "),
      e.submittedAt ? formatInstant(e.submittedAt, timeZone) : "",
      d(e.postmarkDate),
      d(e.receivedDate),
      e.parts.map((p) => d(p.publishedOn)).join("; "),
      e.parts
        .map((p) => p.url)
        .filter(Boolean)
        .join("; "),
      e.submitter.name,
      e.submitter.email,
      e.submitter.phone,
    ]),
  ];
  const authors: Row[] = [
    AUTHOR_COLUMNS.map((c) => t(`exports.authors.${c}`)),
    ...list.flatMap((e) =>
      e.authors.map((a) => [e.code ?? "", a.position, a.fullName, a.penName, a.agency, a.email, a.shareBp / 100]),
    ),
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

export async function exportCsv(
  db: Db,
  contestId: string,
  which: "entries" | "authors",
  opts: ExportOptions = {},
): Promise<string> {
  return toCsv((await tables(db, contestId, opts))[which]);
}

export async function exportXlsx(db: Db, contestId: string, opts: ExportOptions = {}): Promise<Buffer> {
  const t = await tables(db, contestId, opts);
  const locale = opts.locale ?? "vi";
  const tr = getI18n(locale).getFixedT(locale, "organizer");
  const wb = new (excel().Workbook)();
  wb.creator = "Giải Báo chí";
  for (const [name, rows] of [
    [tr("exports.sheets.entries"), t.entries],
    [tr("exports.sheets.authors"), t.authors],
  ] as const) {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRows(rows);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

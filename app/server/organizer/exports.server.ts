/** Entries and authors of a contest as XLSX (two sheets) or CSV (one file each). */
import { autoReason } from "#app/domain/stored-reasons.ts";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type ExcelJSModule from "exceljs";

// Loaded on the first spreadsheet, not at start (~30 MB of memory most processes never use).
const requireExcel = createRequire(import.meta.url);
const excel = () => requireExcel("exceljs") as typeof ExcelJSModule;
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { formatInstant } from "#app/domain/format.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import type { Db } from "#app/server/shared/db.server.ts";

type Row = (string | number)[];

/** Entries read per query by the exports (see tables). */
const EXPORT_BATCH = 1000;

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
  // The order first (ids only), then the entries with their relations a batch at a time: one
  // findMany of 10,000 entries with their relations held ~180 MiB of heap at once (measured,
  // tests/bench/heavy-ops.ts), more than the server's heap limit (APP_HEAP_MIB) leaves spare.
  const order = await db.entry.findMany({
    where: { contestId, status: { not: "DRAFT" } },
    orderBy: [{ category: { sortOrder: "asc" } }, { category: { id: "asc" } }, { code: "asc" }],
    select: { id: true },
  });
  // Each batch becomes rows at once; only the rows (strings) stay for the whole file.
  const d = (v: Date | null) => (v ? formatIsoDate(toIsoDate(v)) : "");
  // Codes become the words the organizer sees on screen; a code the catalogue lacks stays visible rather than vanishing.
  const label = (group: string, code: string) => t(`${group}.${code}`, { defaultValue: code });
  // A reason the app wrote (a withdrawal) is a code: worded like on screen; a person's words stay.
  const statusReasonText = (reason: string) => {
    const auto = autoReason(reason);
    return auto ? t(`audit.autoReason.${auto}`) : reason;
  };
  const entries: Row[] = [ENTRY_COLUMNS.map((c) => t(`exports.entries.${c}`))];
  const authors: Row[] = [AUTHOR_COLUMNS.map((c) => t(`exports.authors.${c}`))];
  for (let from = 0; from < order.length; from += EXPORT_BATCH) {
    const ids = order.slice(from, from + EXPORT_BATCH).map((e) => e.id);
    const batch = await db.entry.findMany({
      where: { id: { in: ids } },
      include: {
        category: { select: { nameVi: true, nameEn: true } },
        submitter: { select: { email: true, name: true, phone: true } },
        parts: { orderBy: { position: "asc" }, select: { publishedOn: true, url: true } },
        authors: { orderBy: { position: "asc" } },
      },
    });
    const byId = new Map(batch.map((e) => [e.id, e]));
    for (const id of ids) {
      const e = byId.get(id);
      if (!e) continue; // deleted meanwhile
      entries.push([
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
      ]);
      for (const a of e.authors)
        authors.push([e.code ?? "", a.position, a.fullName, a.penName, a.agency, a.email, a.shareBp / 100]);
    }
  }
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
  // ExcelJS's streaming writer: each row is serialised as it is added. Its in-memory Workbook
  // kept ~120 MiB of cell objects for 10,000 entries (tests/bench/heavy-ops.ts), past the
  // server's heap limit (APP_HEAP_MIB).
  const out: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (b: Buffer) => out.push(b));
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true });
  wb.creator = "Giải Báo chí";
  for (const [name, rows] of [
    [tr("exports.sheets.entries"), t.entries],
    [tr("exports.sheets.authors"), t.authors],
  ] as const) {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = rows[0]!.map(() => ({ width: 18 }));
    rows.forEach((r, i) => {
      const row = ws.addRow(r);
      if (i === 0) row.font = { bold: true };
      row.commit();
    });
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(out);
}

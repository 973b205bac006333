/**
 * What the in-app help page and the downloadable template say about the mailed-entries CSV,
 * generated from the same column list the import checks (CSV_COLUMNS, REQUIRED_COLUMNS), so a
 * column added to the import appears in the help and the template by itself.
 */
import { formatIsoDate, type IsoDate } from "./dates.ts";
import { CSV_COLUMNS, REQUIRED_COLUMNS } from "./mailed-entries.ts";

export interface CsvColumnHelp {
  name: string;
  required: boolean;
}

export function csvColumnsHelp(): CsvColumnHelp[] {
  const required = new Set<string>(REQUIRED_COLUMNS);
  return CSV_COLUMNS.map((name) => ({ name, required: required.has(name) }));
}

/** One example row that imports into this contest: its first category, dates inside its window. */
export function csvExampleRow(c: {
  categoryCode: string;
  publicationStart: IsoDate;
  deadline: IsoDate;
}): Record<string, string> {
  const example: Record<string, string> = {
    category: c.categoryCode,
    title: "Làng nghề bên sông",
    outlet: "Báo Hải Dương",
    postmark_date: formatIsoDate(c.deadline),
    received_date: formatIsoDate(c.deadline),
    email: "nguyenvana@example.com",
    full_name: "Nguyễn Văn A",
    pen_name: "Văn An",
    agency: "Báo Hải Dương",
    phone: "0912345678",
    published_on: formatIsoDate(c.publicationStart),
    url: "",
    summary: "Phóng sự về làng nghề truyền thống",
  };
  return Object.fromEntries(CSV_COLUMNS.map((col) => [col, example[col] ?? ""]));
}

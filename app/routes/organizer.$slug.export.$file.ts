import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/server/shared/errors.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { exportCsv, exportXlsx } from "#app/server/organizer/exports.server.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

/** Downloads: entries.xlsx (entries and authors sheets), entries.csv, authors.csv. */
async function load({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const name = `${contest.slug}-${params.file}`;
  const opts = { locale: getLocale(request) };
  const headers = (type: string) => ({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
  });
  if (params.file === "entries.xlsx") {
    return new Response(new Uint8Array(await exportXlsx(db, contest.id, opts)), {
      headers: headers("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    });
  }
  if (params.file === "entries.csv" || params.file === "authors.csv") {
    return new Response(await exportCsv(db, contest.id, params.file === "entries.csv" ? "entries" : "authors", opts), {
      headers: headers("text/csv; charset=utf-8"),
    });
  }
  throw notFound();
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

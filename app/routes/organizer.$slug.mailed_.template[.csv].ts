import type { LoaderFunctionArgs } from "@remix-run/node";
import { toIsoDate } from "#app/domain/dates.ts";
import { csvExampleRow } from "#app/domain/mailed-csv-help.ts";
import { CSV_COLUMNS } from "#app/domain/mailed-entries.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { firstCategoryCode } from "#app/server/organizer/reads.server.ts";
import { toCsv } from "#app/server/organizer/exports.server.ts";

/** The mailed-entries CSV template: the header and one example row for this contest (UTF-8 with BOM, for Excel). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const example = csvExampleRow({
    categoryCode: (await firstCategoryCode(db, contest.id)) ?? "print",
    publicationStart: toIsoDate(contest.publicationStart),
    deadline: toIsoDate(contest.submissionDeadline),
  });
  const csv = toCsv([[...CSV_COLUMNS], CSV_COLUMNS.map((c) => example[c] ?? "")]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${contest.slug}-mau-tac-pham-buu-dien.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

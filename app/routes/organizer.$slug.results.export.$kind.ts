import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getI18n } from "#app/i18n/i18n.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { awardDecisionPdf, certificatesPdf, minutesPdf } from "#app/server/results/pdf-docs.server.ts";
import { payoutsXlsx, rankingXlsx, scoreMatrixXlsx } from "#app/server/results/xlsx.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { computeResults } from "#app/server/results/results.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

const Params = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
  kind: z.enum(["matrix", "ranking", "payouts", "decision", "minutes", "certificates"]),
});
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Organizer downloads: score matrix, ranking and payouts (XLSX); decision, minutes, certificates (PDF). */
async function load({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const { db, contest } = await loadOrganizedContest(request, parsed.data.slug);
  const entryId = new URL(request.url).searchParams.get("entry") ?? undefined;
  const kind = parsed.data.kind;
  let body: Buffer | null;
  let type = "application/pdf";
  let ext = "pdf";
  // Spreadsheets follow the organizer's language; the PDFs are the contest's official Vietnamese documents.
  const locale = getLocale(request);
  if (kind === "matrix") {
    body = await scoreMatrixXlsx(db, contest.id, locale);
  } else if (kind === "ranking" || kind === "payouts") {
    const results = await computeResults(db, contest.id, locale);
    body = kind === "ranking" ? await rankingXlsx(results, locale) : await payoutsXlsx(results, locale);
  } else {
    const results = await computeResults(db, contest.id, "vi");
    if (kind === "decision") body = await awardDecisionPdf(results);
    else if (kind === "minutes") body = await minutesPdf(db, results);
    else body = await certificatesPdf(results, entryId);
  }
  if (!body) throw notFound(getI18n(getLocale(request)).t("results:noWinnersYet"));
  if (["matrix", "ranking", "payouts"].includes(kind)) {
    type = XLSX;
    ext = "xlsx";
  }
  const names: Record<typeof kind, string> = {
    matrix: "bang-diem",
    ranking: "xep-hang",
    payouts: "chi-tra",
    decision: "quyet-dinh-trao-giai",
    minutes: "bien-ban-hoi-dong-giam-khao",
    certificates: "giay-chung-nhan",
  };
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${contest.slug}-${names[kind]}.${ext}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { getOwnEntry } from "#app/server/journalist/entries.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { loadReceiptData, renderReceiptPdf } from "#app/server/journalist/receipt.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

/** The receipt PDF again, as the entry stands now (owner only, once it has a code). */
async function load({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const entry = await getOwnEntry(db, user.id, params.id ?? "");
  if (!entry.code) throw notFound();
  const pdf = await renderReceiptPdf(await loadReceiptData(db, entry.id, getLocale(request)));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="bien-nhan-${entry.code}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

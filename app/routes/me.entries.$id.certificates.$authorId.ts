import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authorCertificatePdf } from "#app/server/journalist/certificates.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

const Params = z.object({ id: z.string().min(1).max(40), authorId: z.string().min(1).max(40) });

/** One author's certificate of a winning entry, for an author of that entry once results are published. */
async function load({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const p = Params.safeParse(params);
  if (!p.success) throw notFound();
  const { pdf, code, position } = await authorCertificatePdf(await getDb(), user.id, p.data.id, p.data.authorId);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="giay-chung-nhan-${code}-${position}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/server/shared/db.server.ts";
import { getOwnFile } from "#app/server/journalist/evidence.server.ts";
import { serveStoredFile } from "#app/server/shared/file-response.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

/** The submitter's own evidence file, streamed with Range support (video seeking). */
async function load({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await getOwnFile(await getDb(), user.id, params.id ?? "");
  return serveStoredFile(request, file);
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

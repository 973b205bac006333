import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/server/shared/errors.server.ts";
import { serveStoredFile } from "#app/server/shared/file-response.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

/** An entry's evidence for its contest's organizers, with HTTP Range for audio and video. */
async function load({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const file = await db.storedFile.findFirst({
    where: {
      id: params.fileId,
      deletedAt: null,
      OR: [{ entry: { id: params.entryId, contestId: contest.id } }, { part: { entry: { id: params.entryId, contestId: contest.id } } }],
    },
  });
  if (!file) throw notFound();
  return serveStoredFile(request, file, { download: new URL(request.url).searchParams.has("download") });
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

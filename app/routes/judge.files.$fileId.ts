import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { serveStoredFile } from "#app/server/shared/file-response.server.ts";
import { JudgeCopyError, judgeCopy } from "#app/server/judging/judge-copy.server.ts";
import { fileForJudge, judgeMayReadEntry } from "#app/server/judging/judging.server.ts";
import { requireJudge } from "#app/server/shared/permissions.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { inReadersLanguage } from "#app/server/shared/plain-errors.server.ts";

const Params = z.object({ fileId: z.string().min(1).max(40) });

const EXT: Record<string, string> = {
  "application/pdf": "pdf",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
  "image/png": "png",
  "image/jpeg": "jpg",
};

/**
 * Streams an entry's evidence to a judge who may judge it (assigned, or in a round open to the panel) (HTTP Range for audio/video seeking),
 * as the judges' copy without identifying metadata (app/server/judging/judge-copy.server.ts).
 * The download name is neutral ("BI-007-tep.pdf"): original file names often carry the author's.
 */
async function load({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const user = await requireUser(request);
  const db = await getDb();
  const file = await fileForJudge(db, parsed.data.fileId);
  if (!file?.entry || file.deletedAt) throw notFound();
  await requireJudge(request, file.entry.contestId, { categoryId: file.entry.categoryId });
  if (!(await judgeMayReadEntry(db, user.id, file.entry.id, file.entry.contestId))) throw notFound();
  // Never the original: the judges' copy has its metadata (author, tools, EXIF) stripped.
  const copy = await judgeCopy(db, file).catch((err: unknown) => {
    if (!(err instanceof JudgeCopyError)) throw err;
    console.error(`[judge-copy] ${file.id}: ${err.message}`);
    throw new Response(getI18n(getLocale(request)).t("judging:fileCopyUnavailable"), {
      status: 503,
      headers: { "Retry-After": "60" },
    });
  });
  return serveStoredFile(
    request,
    { storageKey: copy.storageKey, mimeType: file.mimeType, sizeBytes: copy.sizeBytes },
    { fallbackName: `${file.entry.code ?? "tac-pham"}-tep.${EXT[file.mimeType] ?? "bin"}` },
  );
}

// Its generic 403/404 reach the browser as plain text: in the reader's language.
export const loader = (args: LoaderFunctionArgs) => inReadersLanguage(args.request, () => load(args));

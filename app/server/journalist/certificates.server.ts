import type { Db } from "../shared/db.server.ts";
import { notFound } from "../shared/errors.server.ts";
import { certificatesPdf } from "../results/pdf-docs.server.ts";
import { computeResults } from "../results/results.server.ts";

/**
 * Winners' own certificates: once the contest's results are published, an author of a winning
 * entry (its submitter, or a co-author whose account is linked to the entry) downloads the
 * certificate of each author of that entry. Anyone else, or before publication, gets a 404.
 */
async function authorEntry(db: Db, userId: string, entryId: string) {
  const entry = await db.entry.findUnique({
    where: { id: entryId },
    select: {
      id: true,
      code: true,
      contestId: true,
      submitterId: true,
      contest: { select: { phase: true } },
      award: { select: { id: true } },
      authors: { orderBy: { position: "asc" }, select: { id: true, fullName: true, penName: true, userId: true } },
    },
  });
  if (!entry) return null;
  const isAuthor = entry.submitterId === userId || entry.authors.some((a) => a.userId === userId);
  return isAuthor ? entry : null;
}

/** The authors whose certificates `userId` may download from the entry's page (empty if none). */
export async function certificateLinks(
  db: Db,
  userId: string,
  entryId: string,
): Promise<{ authorId: string; name: string }[]> {
  const entry = await authorEntry(db, userId, entryId);
  if (!entry || entry.contest.phase !== "PUBLISHED" || !entry.award) return [];
  return entry.authors.map((a) => ({ authorId: a.id, name: a.penName ? `${a.fullName} (${a.penName})` : a.fullName }));
}

/** One author's certificate PDF, or a 404 Response thrown for anyone but an author of the entry. */
export async function authorCertificatePdf(
  db: Db,
  userId: string,
  entryId: string,
  authorId: string,
): Promise<{ pdf: Buffer; code: string; position: number }> {
  const entry = await authorEntry(db, userId, entryId);
  const author = entry?.authors.findIndex((a) => a.id === authorId) ?? -1;
  if (!entry || author < 0 || entry.contest.phase !== "PUBLISHED" || !entry.award) throw notFound();
  // Slow work outside any transaction: the results are read, then the PDF is drawn.
  const results = await computeResults(db, entry.contestId, "vi");
  const pdf = await certificatesPdf(results, { entryId, authorId });
  if (!pdf) throw notFound();
  return { pdf, code: entry.code ?? entry.id, position: author + 1 };
}

/** Keeps Entry.searchText in step with the rows it is made of (app/domain/search.ts). */
import { entrySearchText } from "#app/domain/search.ts";
import type { DbTx } from "#app/server/shared/audit.server.ts";

/** Recomputes the search text of the given entries from their title, outlet, authors and parts. */
export async function refreshEntrySearchText(tx: DbTx, entryIds: string[]): Promise<void> {
  if (!entryIds.length) return;
  const entries = await tx.entry.findMany({
    where: { id: { in: entryIds } },
    select: {
      id: true,
      title: true,
      outlet: true,
      authors: { orderBy: { position: "asc" }, select: { fullName: true, penName: true, email: true } },
      parts: { orderBy: { position: "asc" }, select: { url: true } },
    },
  });
  for (const e of entries) await tx.entry.update({ where: { id: e.id }, data: { searchText: entrySearchText(e) } });
}

import { checkEligibility } from "#app/domain/eligibility.ts";
import { audit } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import {
  assertChangeable,
  assertOpen,
  categoryRulesOf,
  contestRulesOf,
  filesByPart,
  formOf,
  getOwnEntry,
  RuleError,
} from "./entries.server.ts";
import { DomainError, notFound } from "../shared/errors.server.ts";
import { getStorage } from "../shared/storage.server.ts";
import { GATED_TX, txGate } from "../shared/db-gate.server.ts";
import { lockEntryForChange } from "./entry-load.server.ts";

/**
 * Removes an evidence file from the owner's entry before the deadline. A submitted entry must
 * keep its evidence: removing a part's last accepted file is refused.
 */
export async function removeFile(db: Db, input: { userId: string; entryId: string; fileId: string }): Promise<void> {
  const file = await txGate().run(() =>
    db.$transaction(async (tx) => {
      // Locked first, read after: two removals (two tabs) or a removal and a submit of the same
      // entry run one after the other, and the rules below see the files as they now are.
      if (!(await lockEntryForChange(tx, input.entryId, now()))) throw notFound();
      const entry = await getOwnEntry(tx, input.userId, input.entryId);
      assertOpen(entry.contest);
      assertChangeable(entry);
      const file = entry.parts.flatMap((p) => p.files).find((f) => f.id === input.fileId);
      if (!file) throw notFound();
      if (entry.status === "SUBMITTED") {
        const rest = filesByPart({
          ...entry,
          parts: entry.parts.map((p) => ({ ...p, files: p.files.filter((f) => f.id !== file.id) })),
        });
        const issues = checkEligibility(
          formOf(entry),
          contestRulesOf(entry.contest),
          categoryRulesOf(entry.category),
          now(),
          rest,
        );
        if (issues.length) throw new RuleError(issues);
      }
      await tx.storedFile.update({ where: { id: file.id }, data: { deletedAt: now() } });
      await audit(tx, {
        actorId: input.userId,
        action: "entry.file.remove",
        targetType: "StoredFile",
        targetId: file.id,
        contestId: entry.contestId,
        entryId: entry.id,
        before: { name: file.originalName, sha256: file.sha256 },
      });
      return file;
    }, GATED_TX),
  );
  // The row stays (audit trail); the bytes go once the removal has committed.
  await getStorage()
    .delete(file.storageKey)
    .catch(() => undefined);
  if (file.judgeStorageKey)
    await getStorage()
      .delete(file.judgeStorageKey)
      .catch(() => undefined);
}

/** An evidence file of the user's own entry, for download; strangers get 404. */
export async function getOwnFile(db: Db, userId: string, fileId: string) {
  const file = await db.storedFile.findUnique({ where: { id: fileId }, include: { entry: true } });
  if (!file || file.deletedAt || !file.entry || file.entry.submitterId !== userId) throw notFound();
  return file;
}

/**
 * The owner deletes a draft they no longer want, with its evidence files. Only drafts: a
 * submitted entry has a code and a receipt and is withdrawn instead. The file rows stay marked
 * deleted (audit trail, like a removed file); the bytes go once the database has committed.
 */
export async function deleteDraft(
  db: Db,
  input: { userId: string; entryId: string; requestId?: string },
): Promise<void> {
  const entry = await getOwnEntry(db, input.userId, input.entryId);
  if (entry.status !== "DRAFT") throw new DomainError("readonly");
  const files = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status"::text AS "status" FROM "Entry" WHERE "id" = ${entry.id} FOR UPDATE`;
    // Submitted from another tab in the meantime: not a draft any more.
    if (!locked) throw new DomainError("gone");
    if (locked.status !== "DRAFT") throw new DomainError("readonly");
    const rows = await tx.storedFile.findMany({
      where: { entryId: entry.id, deletedAt: null },
      select: { id: true, storageKey: true, originalName: true },
    });
    await tx.storedFile.updateMany({ where: { entryId: entry.id, deletedAt: null }, data: { deletedAt: now() } });
    await tx.entry.delete({ where: { id: entry.id } });
    await audit(tx, {
      actorId: input.userId,
      action: "entry.delete",
      targetType: "Entry",
      targetId: entry.id,
      contestId: entry.contestId,
      entryId: entry.id,
      before: { title: entry.title, status: entry.status, files: rows.map((f) => f.originalName) },
      requestId: input.requestId,
    });
    return rows;
  });
  for (const f of files)
    await getStorage()
      .delete(f.storageKey)
      .catch(() => undefined);
}

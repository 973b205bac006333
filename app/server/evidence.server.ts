import { checkEligibility } from "#app/domain/eligibility.ts";
import { audit } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
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
import { notFound } from "./errors.server.ts";
import { getStorage } from "./storage.server.ts";

/**
 * Removes an evidence file from the owner's entry before the deadline. A submitted entry must
 * keep its evidence: removing a part's last accepted file is refused.
 */
export async function removeFile(db: Db, input: { userId: string; entryId: string; fileId: string }): Promise<void> {
  const entry = await getOwnEntry(db, input.userId, input.entryId);
  assertOpen(entry.contest);
  assertChangeable(entry);
  const file = entry.parts.flatMap((p) => p.files).find((f) => f.id === input.fileId);
  if (!file) throw notFound();
  if (entry.status === "SUBMITTED") {
    const rest = filesByPart({ ...entry, parts: entry.parts.map((p) => ({ ...p, files: p.files.filter((f) => f.id !== file.id) })) });
    const issues = checkEligibility(formOf(entry), contestRulesOf(entry.contest), categoryRulesOf(entry.category), now(), rest);
    if (issues.length) throw new RuleError(issues);
  }
  await db.storedFile.update({ where: { id: file.id }, data: { deletedAt: now() } });
  await audit(db, {
    actorId: input.userId,
    action: "entry.file.remove",
    targetType: "StoredFile",
    targetId: file.id,
    contestId: entry.contestId,
    entryId: entry.id,
    before: { name: file.originalName, sha256: file.sha256 },
  });
  // The row stays (audit trail); the bytes go.
  await getStorage().delete(file.storageKey).catch(() => undefined);
  if (file.judgeStorageKey) await getStorage().delete(file.judgeStorageKey).catch(() => undefined);
}

/** An evidence file of the user's own entry, for download; strangers get 404. */
export async function getOwnFile(db: Db, userId: string, fileId: string) {
  const file = await db.storedFile.findUnique({ where: { id: fileId }, include: { entry: true } });
  if (!file || file.deletedAt || !file.entry || file.entry.submitterId !== userId) throw notFound();
  return file;
}

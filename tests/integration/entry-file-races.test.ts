/**
 * A journalist's two tabs, or a removal and a submit, racing on one entry's evidence files. The
 * entry row is locked while its files change, and the change moves its version, so:
 * - two removals of a submitted entry's files never leave a part without evidence;
 * - a file removed after a submit read the draft makes that optimistic submit re-read (and be
 *   refused for the missing evidence) instead of submitting the draft as it was read.
 */
import { describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { removeFile } from "#app/server/journalist/evidence.server.ts";
import { submitEntry, submitLoaded } from "#app/server/journalist/submission.server.ts";
import { loadEntryToSubmit } from "#app/server/journalist/entry-load.server.ts";
import { testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeFile, makeSubmittableDraft } from "#tests/support/kit.ts";
import { withRouteTestDb } from "#tests/support/organizer.ts";

describe(`evidence files and submits racing on one entry, on ${testEngine}`, () => {
  let t: TestDb;
  withRouteTestDb((db) => (t = db));
  // Before the default contest's deadline.
  const NOW = "2021-11-10T16:00:00Z";

  async function firstPart(entryId: string) {
    return t.db.entryPart.findFirstOrThrow({ where: { entryId }, orderBy: { position: "asc" } });
  }
  const liveFiles = (partId: string) => t.db.storedFile.count({ where: { partId, deletedAt: null } });

  it("two removals at once of a submitted entry's two files keep one of them", async () => {
    setNow(NOW);
    const { user, entryId } = await makeSubmittableDraft(t.db);
    await submitEntry(t.db, { userId: user.id, entryId, locale: "vi" });
    const part = await firstPart(entryId);
    await makeFile(t.db, { entryId, partId: part.id, uploadedById: user.id, mimeType: "video/mp4" });
    const files = await t.db.storedFile.findMany({ where: { partId: part.id, deletedAt: null } });
    expect(files).toHaveLength(2);

    const outcomes = await Promise.allSettled(
      files.map((f) => removeFile(t.db, { userId: user.id, entryId, fileId: f.id })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "entry_rules" });
    expect(await liveFiles(part.id)).toBe(1);
    expect(await t.db.auditEvent.count({ where: { entryId, action: "entry.file.remove" } })).toBe(1);
  });

  it("a file removed after a submit read the draft stops that submit", async () => {
    setNow(NOW);
    const { user, entryId } = await makeSubmittableDraft(t.db);
    const loaded = await loadEntryToSubmit(t.db, entryId);
    const part = await firstPart(entryId);
    const [file] = await t.db.storedFile.findMany({ where: { partId: part.id, deletedAt: null } });
    await removeFile(t.db, { userId: user.id, entryId, fileId: file!.id });

    // The draft as read had the file: the optimistic write must find the row changed.
    expect(await submitLoaded(t.db, loaded!, { userId: user.id, locale: "vi" })).toBeNull();
    await expect(submitEntry(t.db, { userId: user.id, entryId, locale: "vi" })).rejects.toMatchObject({
      code: "entry_rules",
    });
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.status).toBe("DRAFT");
    expect(entry.code).toBeNull();
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `receipt:${entryId}` } })).toBe(0);
  });

  it("a removal waits for the submit holding the entry and then sees it submitted", async () => {
    setNow(NOW);
    const { user, entryId } = await makeSubmittableDraft(t.db);
    const part = await firstPart(entryId);
    const [file] = await t.db.storedFile.findMany({ where: { partId: part.id, deletedAt: null } });
    // Both at once: whichever runs second sees the other's outcome. Either the submit went first
    // (the removal of the part's only file is then refused) or the removal did (the submit is
    // then refused for the missing evidence): never a submitted entry without its evidence.
    const [submitted, removed] = await Promise.allSettled([
      submitEntry(t.db, { userId: user.id, entryId, locale: "vi" }),
      removeFile(t.db, { userId: user.id, entryId, fileId: file!.id }),
    ]);
    expect([submitted.status, removed.status].sort()).toEqual(["fulfilled", "rejected"]);
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.status === "SUBMITTED").toBe(submitted.status === "fulfilled");
    expect(await liveFiles(part.id)).toBe(entry.status === "SUBMITTED" ? 1 : 0);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { deleteDraft } from "#app/server/journalist/evidence.server.ts";
import { DomainError } from "#app/server/shared/errors.server.ts";
import { localStorage, setStorage, type Storage } from "#app/server/shared/storage.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeFile, makeUser } from "#tests/support/kit.ts";

describe(`a journalist deletes a draft on ${testEngine}`, () => {
  let t: TestDb;
  let storage: Storage;
  beforeAll(async () => {
    t = await createTestDb();
    storage = localStorage(fs.mkdtempSync(path.join(os.tmpdir(), "gbc-delete-draft-")));
    setStorage(storage);
    setNow("2021-11-01T03:00:00Z");
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  async function withFile(status: "DRAFT" | "SUBMITTED") {
    const contest = await makeContest(t.db);
    const owner = await makeUser(t.db);
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: owner.id,
      status,
      code: status === "DRAFT" ? null : undefined,
    });
    const key = `entries/${entry.id}/scan.pdf`;
    const file = await makeFile(t.db, {
      entryId: entry.id,
      partId: entry.parts[0]!.id,
      storage,
      storageKey: key,
      bytes: Buffer.from("%PDF-1.4 nháp"),
      originalName: "scan.pdf",
    });
    return { contest, owner, entry, key, file };
  }

  it("removes the draft, its parts and authors, and the file bytes, and records who did it", async () => {
    const d = await withFile("DRAFT");
    await deleteDraft(t.db, { userId: d.owner.id, entryId: d.entry.id });
    expect(await t.db.entry.findUnique({ where: { id: d.entry.id } })).toBeNull();
    expect(await t.db.entryPart.count({ where: { entryId: d.entry.id } })).toBe(0);
    expect(await storage.stat(d.key)).toBeNull();
    expect((await t.db.storedFile.findUniqueOrThrow({ where: { id: d.file.id } })).deletedAt).not.toBeNull();
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "entry.delete", targetId: d.entry.id } });
    expect(event.actorId).toBe(d.owner.id);
    expect(event.before).toMatchObject({ files: ["scan.pdf"] });
  });

  it("refuses a submitted entry and someone else's draft, and keeps their files", async () => {
    const s = await withFile("SUBMITTED");
    const refused = await deleteDraft(t.db, { userId: s.owner.id, entryId: s.entry.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("readonly");
    expect(await storage.stat(s.key)).not.toBeNull();

    const d = await withFile("DRAFT");
    const stranger = await makeUser(t.db);
    const hidden = await deleteDraft(t.db, { userId: stranger.id, entryId: d.entry.id }).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(Response);
    expect((hidden as Response).status).toBe(404);
    expect(await t.db.entry.findUnique({ where: { id: d.entry.id } })).not.toBeNull();
    expect(await storage.stat(d.key)).not.toBeNull();
  });
});

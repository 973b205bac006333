import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCategory } from "#app/server/organizer/structure.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";

describe(`saving a category on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps the online category's PNG-only capture rule when the organizer saves it with a new size", async () => {
    const contest = await makeContest(t.db, { phase: "DRAFT", categories: ["online"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const online = contest.category("online");
    // Resolves (a refusal would throw a DomainError).
    await saveCategory(
      t.db,
      contest.id,
      online.id,
      {
        code: "online",
        nameVi: "Báo điện tử",
        nameEn: "Online",
        codePrefix: "DT",
        sortOrder: 1,
        urlRequired: true,
        documentMaxMb: 100,
        imageMaxMb: 20,
      },
      organizer.id,
    );
    const saved = await t.db.category.findUniqueOrThrow({ where: { id: online.id } });
    expect(saved.evidenceRules).toEqual([
      { kind: "document", mimeTypes: ["application/pdf"], maxBytes: 100 * 1024 * 1024 },
      { kind: "image", mimeTypes: ["image/png"], maxBytes: 20 * 1024 * 1024 },
    ]);
  });
});

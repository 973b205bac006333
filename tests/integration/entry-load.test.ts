import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { entryInclude } from "#app/server/journalist/entries.server.ts";
import { loadEntry, loadEntryForUpdate } from "#app/server/journalist/entry-load.server.ts";
import { receiptInclude } from "#app/server/journalist/receipt.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";
import { makeReadyDraft } from "#tests/support/kit.ts";

// The one-query loader must return exactly what Prisma's includes return, down to Dates and
// BigInts: the rules check, the editor and the receipt read these objects.
describe(`loading an entry in one query on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  async function richEntry() {
    setNow("2021-11-01T03:00:00Z"); // inside the factory contest's submission window
    const contest = await makeContest(t.db);
    const user = await makeUser(t.db);
    const tv = contest.category("tv");
    const entryId = await makeReadyDraft(t.db, { contestId: contest.id, categoryId: tv.id, userId: user.id });
    // Every nullable Date and BigInt column filled in, so a missing conversion shows as a string.
    const at = new Date("2021-11-05T08:09:10.123Z");
    await t.db.entry.update({
      where: { id: entryId },
      data: {
        postmarkDate: new Date("2021-11-04"),
        receivedDate: new Date("2021-11-06"),
        submittedAt: at,
        withdrawnAt: at,
        decidedAt: at,
      },
    });
    await t.db.user.update({
      where: { id: user.id },
      data: { emailVerifiedAt: at, disabledAt: at, totpEnabledAt: at, erasedAt: at },
    });
    const files = await t.db.storedFile.findMany({ where: { entryId }, orderBy: { createdAt: "asc" } });
    await t.db.storedFile.update({
      where: { id: files[0]!.id },
      data: { judgeSizeBytes: 9_007_199_254n, sizeBytes: 5_000_000_000n },
    });
    // A removed file is left out, as the include's `where: { deletedAt: null }` does.
    await t.db.storedFile.update({ where: { id: files[1]!.id }, data: { deletedAt: at } });
    return { entryId };
  }

  it("returns what findUnique with entryInclude returns", async () => {
    const { entryId } = await richEntry();
    const viaPrisma = await t.db.entry.findUnique({ where: { id: entryId }, include: entryInclude });
    const viaOne = await loadEntry(t.db, entryId);
    expect(viaOne).toStrictEqual(viaPrisma);
    expect(viaOne!.parts[1]!.files).toHaveLength(0);
    expect(viaOne!.parts[0]!.files[0]!.sizeBytes).toBe(5_000_000_000n);
    expect(viaOne!.contest.submissionDeadline).toBeInstanceOf(Date);
  });

  it("returns what findUnique with receiptInclude returns (the locking read, inside a transaction)", async () => {
    const { entryId } = await richEntry();
    const viaPrisma = await t.db.entry.findUnique({ where: { id: entryId }, include: receiptInclude });
    const viaOne = await t.db.$transaction((tx) => loadEntryForUpdate(tx, entryId));
    expect(viaOne).toStrictEqual(viaPrisma);
  });

  it("returns null for an unknown entry", async () => {
    expect(await loadEntry(t.db, "no-such-entry")).toBeNull();
    expect(await t.db.$transaction((tx) => loadEntryForUpdate(tx, "no-such-entry"))).toBeNull();
  });
});

/** The editor's post as the route runs it (save, then submit): parallel copies of one click. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { handleEntryPost } from "#app/server/journalist/entry-actions.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeReadyDraft, makeSubmittableDraft, makeUser, tvSeriesForm } from "#tests/support/kit.ts";

describe(`posting the entry form on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  const post = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fd;
  };
  const request = () =>
    new Request("http://app/me/entries/x", { method: "POST", headers: { "Accept-Language": "vi" } });

  it("turns 10 parallel posts of the same submit into one submitted entry, one receipt, and the same answer for all", async () => {
    setNow("2021-11-10T16:00:00Z");
    const { contest, user, tv, entryId, payload } = await makeSubmittableDraft(t.db);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleEntryPost(request(), {
          db: t.db,
          user,
          contestId: contest.id,
          entryId,
          formData: post({ intent: "submit", payload }),
        }),
      ),
    );
    for (const r of responses) {
      expect(r).toBeInstanceOf(Response);
      expect((r as Response).status).toBe(302);
      expect((r as Response).headers.get("Location")).toBe(`/me/entries/${entryId}?done=submitted&code=BH-001`);
    }
    expect(await t.db.entry.count({ where: { contestId: contest.id, status: "SUBMITTED" } })).toBe(1);
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `receipt:${entryId}` } })).toBe(1);
    expect((await t.db.category.findUniqueOrThrow({ where: { id: tv.id } })).entrySeq).toBe(1);
  });

  it("still refuses a stale post whose content differs from what is stored", async () => {
    setNow("2021-11-10T16:00:00Z");
    const contest = await makeContest(t.db);
    const user = await makeUser(t.db);
    const tv = contest.category("tv");
    const entryId = await makeReadyDraft(t.db, { contestId: contest.id, categoryId: tv.id, userId: user.id });
    const payload = JSON.stringify({ ...tvSeriesForm(tv.id), title: "Bản cũ ở tab khác", version: 0 });
    await t.db.entry.update({ where: { id: entryId }, data: { version: { increment: 1 } } });
    const r = await handleEntryPost(request(), {
      db: t.db,
      user,
      contestId: contest.id,
      entryId,
      formData: post({ intent: "submit", payload }),
    });
    expect(r).not.toBeInstanceOf(Response);
    expect((r as unknown as { init: { status: number }; data: unknown }).init.status).toBe(409);
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("DRAFT");
  });
});

/**
 * The deadline rush's submit (an unchanged draft, "Nộp" pressed): read without a transaction,
 * then one statement that writes the submission only if the entry row is still the version read.
 * Whatever changes the entry in between makes it write nothing (no code used up, no receipt, no
 * audit event) and the post takes the long way, with the same outcome as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { handleEntryPost, submitUnchangedDraft } from "#app/server/journalist/entry-actions.server.ts";
import { getOwnEntry, saveEntry } from "#app/server/journalist/entries.server.ts";
import { loadEntryToSubmit } from "#app/server/journalist/entry-load.server.ts";
import { submitLoaded } from "#app/server/journalist/submission.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { startTestSmtp } from "#tests/support/smtp.ts";
import { createTransport, deliverPendingMails } from "#app/server/shared/mail.server.ts";
import { getOutboxMail } from "#app/server/shared/outbox-admin.server.ts";
import { makeSubmittableDraft, makeUser, tvSeriesForm } from "#tests/support/kit.ts";

describe(`submitting an unchanged draft on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  const request = () =>
    new Request("http://app/me/entries/x", { method: "POST", headers: { "Accept-Language": "vi" } });
  const form = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fd;
  };
  // What the route's action does with a submit: the short way, else load and the long way.
  async function routePost(user: { id: string }, entryId: string, payload: string) {
    const formData = form({ intent: "submit", payload });
    const fast = await submitUnchangedDraft(request(), { db: t.db, user, entryId, formData });
    if (fast) return fast;
    const stored = await getOwnEntry(t.db, user.id, entryId);
    return handleEntryPost(request(), { db: t.db, user, contestId: stored.contestId, entryId, formData, stored });
  }

  const ready = () => makeSubmittableDraft(t.db);

  it("turns 10 parallel posts into one submission, one receipt, one audit event and the same answer for all", async () => {
    setNow("2021-11-10T16:00:00Z");
    const { user, tv, entryId, payload } = await ready();
    const auditsBefore = await t.db.auditEvent.count({ where: { entryId } });
    const responses = await Promise.all(Array.from({ length: 10 }, () => routePost(user, entryId, payload)));
    for (const r of responses) {
      expect(r).toBeInstanceOf(Response);
      expect((r as Response).headers.get("Location")).toBe(`/me/entries/${entryId}?done=submitted&code=BH-001`);
    }
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect([entry.status, entry.code]).toEqual(["SUBMITTED", "BH-001"]);
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `receipt:${entryId}` } })).toBe(1);
    const mail = await t.db.outboxMail.findFirstOrThrow({ where: { dedupeKey: `receipt:${entryId}` } });
    expect(mail.subject).toContain("BH-001");
    expect(JSON.stringify(mail.attachments)).toContain("BH-001");
    expect(await t.db.auditEvent.count({ where: { entryId } })).toBe(auditsBefore + 1);
    expect((await t.db.category.findUniqueOrThrow({ where: { id: tv.id } })).entrySeq).toBe(1);
  });

  it("writes nothing when the entry changed after it was read, and the post then submits what is stored", async () => {
    setNow("2021-11-10T16:00:00Z");
    const { contest, user, tv, entryId, payload } = await ready();
    const loaded = await loadEntryToSubmit(t.db, entryId);
    expect(loaded).not.toBeNull();
    const auditsBefore = await t.db.auditEvent.count({ where: { entryId } });
    // Another tab saves a new title between the read and the write.
    const newer = { ...tvSeriesForm(tv.id), title: "Tiêu đề đã sửa ở thẻ khác", version: loaded!.entry.version };
    await saveEntry(t.db, { userId: user.id, contestId: contest.id, entryId, form: newer });
    expect(await submitLoaded(t.db, loaded!, { userId: user.id, locale: "vi" })).toBeNull();
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect([entry.status, entry.code, entry.title]).toEqual(["DRAFT", null, "Tiêu đề đã sửa ở thẻ khác"]);
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `receipt:${entryId}` } })).toBe(0);
    expect((await t.db.category.findUniqueOrThrow({ where: { id: tv.id } })).entrySeq).toBe(0);
    expect(await t.db.auditEvent.count({ where: { entryId } })).toBe(auditsBefore + 1); // the save's own
    // The stale post (old title, old version) is refused as before; the tab's own post submits.
    const stale = await routePost(user, entryId, payload);
    expect(stale).not.toBeInstanceOf(Response);
    const fresh = await routePost(user, entryId, JSON.stringify({ ...newer, version: entry.version }));
    expect((fresh as Response).headers.get("Location")).toBe(`/me/entries/${entryId}?done=submitted&code=BH-001`);
  });

  it("leaves a stranger's post to the usual owner check (404), changing nothing", async () => {
    setNow("2021-11-10T16:00:00Z");
    const { tv, entryId, payload } = await ready();
    const stranger = await makeUser(t.db);
    const loaded = await loadEntryToSubmit(t.db, entryId);
    expect(await submitLoaded(t.db, loaded!, { userId: stranger.id, locale: "vi" })).toBeNull();
    const r = await routePost(stranger, entryId, payload).catch((e: unknown) => e);
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).status).toBe(404);
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("DRAFT");
    expect((await t.db.category.findUniqueOrThrow({ where: { id: tv.id } })).entrySeq).toBe(0);
  });

  it("queues the receipt unrendered and the outbox sends (and the admin sees) the mail with its code", async () => {
    setNow("2021-11-10T16:00:00Z");
    const { user, entryId, payload } = await ready();
    const r = await routePost(user, entryId, payload);
    const code = new URL((r as Response).headers.get("Location")!, "http://app").searchParams.get("code")!;
    const row = await t.db.outboxMail.findFirstOrThrow({ where: { dedupeKey: `receipt:${entryId}` } });
    // The submit rendered only the subject (the list shows it); the bodies wait for the sender.
    expect([row.subject.includes(code), row.html, row.text, row.render !== null]).toEqual([true, "", "", true]);
    const shown = await getOutboxMail(t.db, row.id);
    expect(shown?.subject).toBe(row.subject);
    expect(shown?.html).toContain(code);
    expect(shown?.text).toContain(tvSeriesForm("x").title);
    const smtp = await startTestSmtp();
    try {
      // (The earlier tests' receipts go out too.)
      const r = await deliverPendingMails(t.db, createTransport(smtp.url), "Giải Báo chí <noreply@example.test>", 50);
      expect(r.failed).toBe(0);
      const [got] = smtp.to(user.email);
      expect(got?.subject).toBe(row.subject);
      expect(got?.text).toContain(code);
      expect(got?.text).toContain(tvSeriesForm("x").title);
      expect(got?.html).toContain(code);
      expect(got?.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    } finally {
      await smtp.close();
    }
  });
});

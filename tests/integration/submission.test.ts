import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { getOwnEntry, RuleError, saveEntry } from "#app/server/journalist/entries.server.ts";
import { createTransport, deliverPendingMails } from "#app/server/shared/mail.server.ts";
import { submitEntry, withdrawEntry } from "#app/server/journalist/submission.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser, makeReadyDraft, tvSeriesForm } from "#tests/support/kit.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";

const rules = (e: unknown) => (e instanceof RuleError ? e.issues.map((i) => i.rule) : e);

describe(`submitting entries on ${testEngine}`, () => {
  let t: TestDb;
  let smtp: TestSmtp;
  beforeAll(async () => {
    t = await createTestDb();
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    setNow(null);
    await smtp?.close();
    await t?.close();
  });

  async function setup() {
    setNow("2021-11-01T03:00:00Z");
    const contest = await makeContest(t.db);
    const user = await makeUser(t.db);
    const tv = contest.category("tv");
    const entryId = await makeReadyDraft(t.db, { contestId: contest.id, categoryId: tv.id, userId: user.id });
    return { contest, user, tv, entryId };
  }

  it("accepts a submission at 2021-11-10T16:59:59Z and refuses one at 17:00:00Z (end of 10/11 in Vietnam)", async () => {
    const a = await setup();
    const b = await makeReadyDraft(t.db, { contestId: a.contest.id, categoryId: a.tv.id, userId: a.user.id });
    setNow("2021-11-10T16:59:59Z");
    expect(await submitEntry(t.db, { userId: a.user.id, entryId: a.entryId, locale: "vi" })).toEqual({
      code: "BH-001",
      submittedNow: true,
    });
    setNow("2021-11-10T17:00:00Z");
    const refused = await submitEntry(t.db, { userId: a.user.id, entryId: b, locale: "vi" }).catch((e: unknown) => e);
    expect(rules(refused)).toEqual(["deadline"]);
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: b } })).status).toBe("DRAFT");
    // After the deadline even the submitted entry is read-only.
    await expect(withdrawEntry(t.db, { userId: a.user.id, entryId: a.entryId, locale: "vi" })).rejects.toMatchObject({
      code: "deadline",
    });
    await expect(
      saveEntry(t.db, { userId: a.user.id, contestId: a.contest.id, entryId: a.entryId, form: tvSeriesForm(a.tv.id) }),
    ).rejects.toMatchObject({ code: "deadline" });
  });

  it("accepts parts dated on both ends of the window and refuses a day outside either end", async () => {
    const { contest, user, tv } = await setup();
    const inside = await makeReadyDraft(t.db, {
      contestId: contest.id,
      categoryId: tv.id,
      userId: user.id,
      dates: ["2020-10-01", "2021-10-01"],
    });
    await expect(submitEntry(t.db, { userId: user.id, entryId: inside, locale: "vi" })).resolves.toMatchObject({
      submittedNow: true,
    });
    const before = await makeReadyDraft(t.db, {
      contestId: contest.id,
      categoryId: tv.id,
      userId: user.id,
      dates: ["2020-09-30", "2021-01-01"],
    });
    const err = await submitEntry(t.db, { userId: user.id, entryId: before, locale: "vi" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).issues).toEqual([
      expect.objectContaining({
        rule: "window",
        path: "parts.0.publishedOn",
        params: expect.objectContaining({ date: "2020-09-30" }),
      }),
    ]);
    const after = await makeReadyDraft(t.db, {
      contestId: contest.id,
      categoryId: tv.id,
      userId: user.id,
      dates: ["2021-10-02"],
    });
    expect(
      rules(await submitEntry(t.db, { userId: user.id, entryId: after, locale: "vi" }).catch((e: unknown) => e)),
    ).toEqual(["window"]);
  });

  it("refuses to submit without evidence, with a share total other than 100 % or without the declaration", async () => {
    const { contest, user, tv } = await setup();
    const form = { ...tvSeriesForm(tv.id), declaredOriginal: false };
    form.authors = [
      { ...form.authors[0]!, sharePercent: 70 },
      { ...form.authors[1]!, sharePercent: 20 },
    ];
    const { id } = await saveEntry(t.db, { userId: user.id, contestId: contest.id, form });
    const err = await submitEntry(t.db, { userId: user.id, entryId: id, locale: "vi" }).catch((e: unknown) => e);
    expect(rules(err)).toEqual(["evidence", "evidence", "evidence", "shares", "declaration"]);
  });

  it("makes exactly one submitted entry, one code and one receipt from 10 parallel submits", async () => {
    const { user, tv, entryId } = await setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => submitEntry(t.db, { userId: user.id, entryId, locale: "vi" })),
    );
    expect(new Set(results.map((r) => r.code)).size).toBe(1);
    expect(results.filter((r) => r.submittedNow)).toHaveLength(1);
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry).toMatchObject({ status: "SUBMITTED", code: "BH-001" });
    expect((await t.db.category.findUniqueOrThrow({ where: { id: tv.id } })).entrySeq).toBe(1);
    expect(await t.db.outboxMail.count({ where: { to: user.email, template: "journalist/receipt" } })).toBe(1);
    const events = await t.db.auditEvent.findMany({ where: { entryId, action: "entry.status" } });
    expect(events.map((e) => e.after)).toEqual([{ status: "SUBMITTED", reason: "", code: "BH-001" }]);

    // The one receipt arrives over SMTP with its PDF, which states the code and the parts.
    await deliverPendingMails(t.db, createTransport(smtp.url), "test@example.test");
    const [mail] = smtp.to(user.email).filter((m) => /BH-001/.test(m.subject ?? ""));
    expect(mail?.subject).toBe("Biên nhận tác phẩm dự thi BH-001");
    expect(mail?.text).toContain("Kỳ 3");
    // The code is written into the queued mail by the statement that allocates it: no trace
    // of the placeholder it replaced.
    expect(`${mail?.html}${mail?.text}`).toContain("BH-001");
    expect(`${mail?.html}${mail?.text}`).not.toMatch(/@@entry-code/);
    expect(mail?.text).toContain("Trần Thị Bình");
    const pdf = mail!.attachments.find((a) => a.contentType === "application/pdf")!;
    expect(pdf.filename).toBe("bien-nhan-BH-001.pdf");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gbc-receipt-")), "r.pdf");
    fs.writeFileSync(file, pdf.content);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    expect(text).toContain("BIÊN NHẬN TÁC PHẨM DỰ THI");
    expect(text).toContain("BH-001");
    expect(text).toContain("Báo hình");
  });

  it("allocates distinct, consecutive codes to different entries submitted at once", async () => {
    const { contest, user, tv } = await setup();
    const ids = await Promise.all(
      Array.from({ length: 6 }, () =>
        makeReadyDraft(t.db, { contestId: contest.id, categoryId: tv.id, userId: user.id }),
      ),
    );
    const codes = (
      await Promise.all(ids.map((id) => submitEntry(t.db, { userId: user.id, entryId: id, locale: "en" })))
    ).map((r) => r.code);
    expect(codes.sort()).toEqual(["BH-001", "BH-002", "BH-003", "BH-004", "BH-005", "BH-006"]);
  });

  it("keeps another user's draft unreachable for reading, editing, submitting and withdrawing (404)", async () => {
    const { contest, tv, entryId } = await setup();
    const stranger = await makeUser(t.db);
    const status = (e: unknown) => (e instanceof Response ? e.status : e);
    expect(status(await getOwnEntry(t.db, stranger.id, entryId).catch((e: unknown) => e))).toBe(404);
    expect(
      status(
        await saveEntry(t.db, { userId: stranger.id, contestId: contest.id, entryId, form: tvSeriesForm(tv.id) }).catch(
          (e: unknown) => e,
        ),
      ),
    ).toBe(404);
    expect(
      status(await submitEntry(t.db, { userId: stranger.id, entryId, locale: "vi" }).catch((e: unknown) => e)),
    ).toBe(404);
    expect(
      status(await withdrawEntry(t.db, { userId: stranger.id, entryId, locale: "vi" }).catch((e: unknown) => e)),
    ).toBe(404);
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("DRAFT");
  });

  it("lets the owner edit a submitted entry only within the rules, then withdraw it once with one mail", async () => {
    const { contest, user, tv, entryId } = await setup();
    await submitEntry(t.db, { userId: user.id, entryId, locale: "vi" });
    const edited = { ...tvSeriesForm(tv.id), title: "Tiêu đề mới" };
    await saveEntry(t.db, { userId: user.id, contestId: contest.id, entryId, form: edited });
    const bad = { ...edited, parts: [...edited.parts, { title: "Kỳ 4", publishedOn: "2021-03-20", url: "" }] };
    expect(
      rules(
        await saveEntry(t.db, { userId: user.id, contestId: contest.id, entryId, form: bad }).catch((e: unknown) => e),
      ),
    ).toEqual(["evidence"]);
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry).toMatchObject({ title: "Tiêu đề mới", status: "SUBMITTED" });
    expect(await withdrawEntry(t.db, { userId: user.id, entryId, locale: "vi" })).toEqual({ withdrawnNow: true });
    expect(await withdrawEntry(t.db, { userId: user.id, entryId, locale: "vi" })).toEqual({ withdrawnNow: false });
    // Issue 10: the app's reason is stored as a code (worded when shown), not as Vietnamese text.
    expect(await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({
      status: "WITHDRAWN",
      statusReason: "author_withdrew",
    });
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `withdrawal:${entryId}` } })).toBe(1);
    await expect(
      saveEntry(t.db, { userId: user.id, contestId: contest.id, entryId, form: edited }),
    ).rejects.toMatchObject({ code: "readonly" });
  });
});

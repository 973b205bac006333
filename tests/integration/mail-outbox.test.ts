import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "#emails/layout.ts";
import { setNow } from "#app/server/clock.server.ts";
import { createTransport, deliverPendingMails, enqueueMail } from "#app/server/mail.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";

const FROM = "Giải Báo chí <no-reply@giaibaochi.test>";
const message = (n: string) =>
  layout({ locale: "vi", subject: `Thư thử ${n}`, html: `<p>Xin chào ${n}</p>`, text: `Xin chào ${n}` });

describe(`mail outbox over real SMTP on ${testEngine}`, () => {
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

  it("sends nothing for a transaction that rolled back", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueMail(tx, { to: "rollback@example.test", template: "test", locale: "vi", message: message("rollback") });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await t.db.outboxMail.count({ where: { to: "rollback@example.test" } })).toBe(0);
  });

  it("queues a mail once per dedupe key and delivers it exactly once, with attachments", async () => {
    for (let i = 0; i < 3; i++) {
      await t.db.$transaction((tx) =>
        enqueueMail(tx, {
          to: "Once@Example.test",
          template: "test",
          locale: "vi",
          message: message("một lần"),
          dedupeKey: "test:once",
          attachments: [{ filename: "bien-nhan.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 test") }],
        }),
      );
    }
    const transport = createTransport(smtp.url);
    expect(await deliverPendingMails(t.db, transport, FROM)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverPendingMails(t.db, transport, FROM)).toEqual({ sent: 0, failed: 0 });
    const got = smtp.to("once@example.test");
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe("Thư thử một lần");
    expect(got[0]!.text).toContain("Xin chào một lần");
    expect(got[0]!.attachments[0]?.filename).toBe("bien-nhan.pdf");
    const row = await t.db.outboxMail.findFirstOrThrow({ where: { dedupeKey: "test:once" } });
    expect(row.status).toBe("SENT");
  });

  it("keeps a mail while the SMTP server is down and delivers it after the backoff", async () => {
    setNow("2021-11-01T00:00:00Z");
    await t.db.$transaction((tx) =>
      enqueueMail(tx, { to: "later@example.test", template: "test", locale: "en", message: message("later") }),
    );
    const down = createTransport("smtp://127.0.0.1:1");
    expect(await deliverPendingMails(t.db, down, FROM)).toEqual({ sent: 0, failed: 1 });
    const row = await t.db.outboxMail.findFirstOrThrow({ where: { to: "later@example.test" } });
    expect(row.status).toBe("PENDING");
    expect(row.attempts).toBe(1);
    expect(row.lastError).not.toBe("");
    // Not due yet: nothing is tried again before the backoff.
    const up = createTransport(smtp.url);
    expect(await deliverPendingMails(t.db, up, FROM)).toEqual({ sent: 0, failed: 0 });
    setNow("2021-11-01T00:00:06Z");
    expect(await deliverPendingMails(t.db, up, FROM)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.to("later@example.test")).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "#emails/layout.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createTransport, deliverPendingMails, enqueueMail } from "#app/server/shared/mail.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";
import { makeUser } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";
import * as outboxRoute from "#app/routes/admin.outbox._index.tsx";
import * as adminRoute from "#app/routes/admin._index.tsx";

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
    releaseTestDbForRoutes();
    await smtp?.close();
    await t?.close();
  });

  it("sends nothing for a transaction that rolled back", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueMail(tx, {
          to: "rollback@example.test",
          template: "test",
          locale: "vi",
          message: message("rollback"),
        });
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
          attachments: [
            { filename: "bien-nhan.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 test") },
          ],
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

  it("never gives up on a receipt (capped backoff), gives up on other mail after 10 attempts, and an admin can send it again", async () => {
    useTestDbForRoutes(t);
    let clock = new Date("2021-12-01T00:00:00Z").getTime();
    setNow(new Date(clock));
    await t.db.$transaction(async (tx) => {
      await enqueueMail(tx, {
        to: "receipt@example.test",
        template: "journalist/receipt",
        locale: "vi",
        message: message("biên nhận"),
      });
      await enqueueMail(tx, {
        to: "invite@example.test",
        template: "judge/invitation",
        locale: "vi",
        message: message("mời"),
      });
    });
    const down = createTransport("smtp://127.0.0.1:1");
    for (let i = 0; i < 15; i++) {
      await deliverPendingMails(t.db, down, FROM);
      clock += 3_600_000 + 1000; // every backoff is at most an hour
      setNow(new Date(clock));
    }
    const receipt = await t.db.outboxMail.findFirstOrThrow({ where: { to: "receipt@example.test" } });
    expect(receipt).toMatchObject({ status: "PENDING", attempts: 15 });
    const invite = await t.db.outboxMail.findFirstOrThrow({ where: { to: "invite@example.test" } });
    expect(invite).toMatchObject({ status: "FAILED", attempts: 10 });

    // The admin dashboard says so, and the outbox lists the failed one with "Gửi lại".
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const cookie = await sessionCookie(t.db, admin.id);
    const dash = await adminRoute.loader({
      request: new Request("http://localhost/admin", { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    });
    expect(dash.mail).toEqual({ failed: 1, retryingReceipts: 1 });
    const page = await outboxRoute.loader({
      request: new Request("http://localhost/admin/outbox", { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    });
    expect(page.failed.map((m) => m.to)).toEqual(["invite@example.test"]);

    // Someone else cannot requeue it.
    const journalist = await makeUser(t.db);
    const refused = await outboxRoute
      .action({
        request: formRequest("/admin/outbox", await sessionCookie(t.db, journalist.id), {
          intent: "requeue",
          id: invite.id,
        }),
        params: {},
        context: {},
      })
      .catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);

    const res = await outboxRoute.action({
      request: formRequest("/admin/outbox", cookie, { intent: "requeue", id: invite.id }),
      params: {},
      context: {},
    });
    expect(res).toMatchObject({ requeued: invite.id });
    // A second click changes nothing.
    const again = (await outboxRoute.action({
      request: formRequest("/admin/outbox", cookie, { intent: "requeue", id: invite.id }),
      params: {},
      context: {},
    })) as unknown as { init: { status: number } };
    expect(again.init.status).toBe(409);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "outbox.requeue", targetId: invite.id } });
    expect(event.actorId).toBe(admin.id);

    const up = createTransport(smtp.url);
    expect(await deliverPendingMails(t.db, up, FROM)).toEqual({ sent: 2, failed: 0 });
    expect(smtp.to("invite@example.test")).toHaveLength(1);
    expect(smtp.to("receipt@example.test")).toHaveLength(1);
    const dashAfter = await adminRoute.loader({
      request: new Request("http://localhost/admin", { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    });
    expect(dashAfter.mail).toEqual({ failed: 0, retryingReceipts: 0 });
  });
});

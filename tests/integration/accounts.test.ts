import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegisterSchema } from "#app/domain/account-schemas.ts";
import {
  changePassword,
  registerUser,
  requestPasswordReset,
  resetPassword,
  updateProfile,
  getProfile,
  verifyEmail,
} from "#app/server/shared/accounts.server.ts";
import { attemptLogin } from "#app/server/shared/auth.server.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createTransport, deliverPendingMails } from "#app/server/shared/mail.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/kit.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";

const linkToken = (text: string | undefined, path: string) =>
  new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text ?? "")?.[1] ?? "";

describe(`accounts on ${testEngine}`, () => {
  let t: TestDb;
  let smtp: TestSmtp;
  const deliver = () => deliverPendingMails(t.db, createTransport(smtp.url), "test@example.test");
  beforeAll(async () => {
    t = await createTestDb();
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    setNow(null);
    await smtp?.close();
    await t?.close();
  });

  it("registers with recorded consent, mails a verification link that works once, then lets the user in", async () => {
    setNow("2021-10-20T02:00:00Z");
    const form = RegisterSchema.parse({
      name: "Lê Thị Cúc",
      email: "Cuc@Example.test",
      phone: "0912 345 678",
      password: "mat-khau-dai",
      confirm: "mat-khau-dai",
      consent: "on",
    });
    expect(await registerUser(t.db, { ...form, ip: "10.0.0.1", locale: "vi" })).toEqual({ ok: true });
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: "cuc@example.test" },
      include: { consents: true },
    });
    expect(user.phone).toBe("0912345678");
    expect(user.consents).toEqual([
      expect.objectContaining({
        textVersion: "2026-12-v2",
        ip: "10.0.0.1",
        acceptedAt: new Date("2021-10-20T02:00:00Z"),
      }),
    ]);
    expect(await attemptLogin(t.db, { email: user.email, password: "mat-khau-dai", ip: "10.0.0.1" })).toMatchObject({
      reason: "unverified",
    });

    await deliver();
    const [mail] = smtp.to("cuc@example.test");
    expect(mail?.subject).toBe("Xác nhận địa chỉ email của bạn");
    const token = linkToken(mail?.text, "/verify-email");
    expect(token.length).toBeGreaterThan(20);
    const stored = await t.db.verification.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await verifyEmail(t.db, token)).toEqual({ ok: true });
    expect(await verifyEmail(t.db, token)).toEqual({ ok: false });
    expect(await attemptLogin(t.db, { email: user.email, password: "mat-khau-dai", ip: "10.0.0.1" })).toMatchObject({
      ok: true,
    });
  });

  it("refuses registration without consent or with mismatched passwords", () => {
    const r = RegisterSchema.safeParse({
      name: "A",
      email: "a@example.test",
      phone: "123",
      password: "12345678",
      confirm: "x",
      consent: "",
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).sort()).toEqual([
      "account:v.consent",
      "account:v.mismatch",
      "account:v.phone",
    ]);
  });

  it("answers a second registration of a taken address like a new one and mails the owner a reset link", async () => {
    const owner = await makeUser(t.db, { email: "taken@example.test" });
    expect(
      await registerUser(t.db, {
        name: "X",
        email: owner.email,
        phone: "0912345678",
        password: "whatever1",
        ip: "10.0.0.2",
        locale: "en",
      }),
    ).toEqual({ ok: true });
    expect(await t.db.user.count({ where: { email: owner.email } })).toBe(1);
    await deliver();
    expect(smtp.to(owner.email).map((m) => m.subject)).toEqual(["Reset your password"]);
  });

  it("resets a forgotten password with a one-hour link, signing out every session", async () => {
    setNow("2021-10-20T02:00:00Z");
    const u = await makeUser(t.db, { email: "quen@example.test" });
    await t.db.session.create({
      data: { userId: u.id, tokenHash: "x".repeat(64), expiresAt: new Date("2022-01-01T00:00:00Z") },
    });
    expect(await requestPasswordReset(t.db, { email: u.email, ip: "10.0.0.3", locale: "vi" })).toEqual({ ok: true });
    expect(await requestPasswordReset(t.db, { email: "nobody@example.test", ip: "10.0.0.3", locale: "vi" })).toEqual({
      ok: true,
    });
    await deliver();
    const mail = smtp.to(u.email).find((m) => m.subject === "Đặt lại mật khẩu");
    const token = linkToken(mail?.text, "/reset-password");
    setNow("2021-10-20T03:00:01Z");
    expect(await resetPassword(t.db, { token, password: "mat-khau-moi-1" })).toEqual({ ok: false });
    setNow("2021-10-20T02:30:00Z");
    expect(await resetPassword(t.db, { token, password: "mat-khau-moi-1" })).toEqual({ ok: true });
    expect(await t.db.session.count({ where: { userId: u.id } })).toBe(0);
    expect(await attemptLogin(t.db, { email: u.email, password: "mat-khau-moi-1", ip: "10.0.0.3" })).toMatchObject({
      ok: true,
    });
  });

  it("changes a password only with the current one and keeps just the current session", async () => {
    const u = await makeUser(t.db);
    const mine = await t.db.session.create({
      data: { userId: u.id, tokenHash: "a".repeat(64), expiresAt: new Date("2099-01-01") },
    });
    await t.db.session.create({ data: { userId: u.id, tokenHash: "b".repeat(64), expiresAt: new Date("2099-01-01") } });
    expect(
      await changePassword(t.db, { userId: u.id, sessionId: mine.id, current: "sai", password: "mat-khau-moi-2" }),
    ).toEqual({ ok: false, reason: "wrong_password" });
    expect(
      await changePassword(t.db, { userId: u.id, sessionId: mine.id, current: u.password, password: "mat-khau-moi-2" }),
    ).toEqual({ ok: true });
    expect((await t.db.session.findMany({ where: { userId: u.id } })).map((s) => s.id)).toEqual([mine.id]);
  });

  it("stops guessing the current password after 5 tries in 15 minutes, even with the right one", async () => {
    const u = await makeUser(t.db);
    const mine = await t.db.session.create({
      data: { userId: u.id, tokenHash: "c".repeat(64), expiresAt: new Date("2099-01-01") },
    });
    for (let i = 0; i < 5; i++) {
      expect(
        await changePassword(t.db, {
          userId: u.id,
          sessionId: mine.id,
          current: `sai-${i}`,
          password: "mat-khau-moi-3",
        }),
      ).toEqual({ ok: false, reason: "wrong_password" });
    }
    expect(
      await changePassword(t.db, { userId: u.id, sessionId: mine.id, current: u.password, password: "mat-khau-moi-3" }),
    ).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("never lets the register form flood an existing account's mailbox, nor mail a disabled one", async () => {
    const u = await makeUser(t.db, { email: "da-co@example.test" });
    const form = { name: "Kẻ Lạ", email: u.email, phone: "0912345678", password: "mot-mat-khau-dai" };
    for (let i = 0; i < 6; i++) {
      expect(await registerUser(t.db, { ...form, ip: `10.9.0.${i}`, locale: "vi" })).toEqual({ ok: true });
    }
    expect(await t.db.outboxMail.count({ where: { to: u.email } })).toBe(3);
    const off = await makeUser(t.db, { email: "da-khoa@example.test" });
    await t.db.user.update({ where: { id: off.id }, data: { disabledAt: new Date() } });
    await registerUser(t.db, { ...form, email: off.email, ip: "10.9.1.1", locale: "vi" });
    expect(await t.db.outboxMail.count({ where: { to: off.email } })).toBe(0);
  });

  it("keeps the journalist's profile: pen names, agency, phone, address", async () => {
    const u = await makeUser(t.db);
    await updateProfile(t.db, u.id, {
      name: "Phạm Văn Dũng",
      phone: "0987654321",
      penNames: ["Hải Dũng", "Phạm Dũng"],
      agency: "Báo Hải Dương",
      address: "Hải Dương",
    });
    expect(await getProfile(t.db, u.id)).toMatchObject({
      name: "Phạm Văn Dũng",
      penNames: ["Hải Dũng", "Phạm Dũng"],
      agency: "Báo Hải Dương",
      address: "Hải Dương",
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptLogin } from "#app/server/auth.server.ts";
import { hitRateLimit } from "#app/server/rate-limit.server.ts";
import { setNow } from "#app/server/clock.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeUser, TEST_PASSWORD } from "#tests/support/factories.ts";

describe(`login and rate limits on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  it("accepts the right password and refuses a wrong one without saying which part was wrong", async () => {
    const u = await makeUser(t.db, { email: "an@example.test" });
    expect(await attemptLogin(t.db, { email: u.email, password: TEST_PASSWORD, ip: "10.0.0.1" })).toEqual({ ok: true, userId: u.id });
    expect(await attemptLogin(t.db, { email: u.email, password: "wrong", ip: "10.0.0.1" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await attemptLogin(t.db, { email: "nobody@example.test", password: "x", ip: "10.0.0.1" })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses an unverified account", async () => {
    const u = await makeUser(t.db, { verified: false });
    expect(await attemptLogin(t.db, { email: u.email, password: TEST_PASSWORD, ip: "10.0.0.2" })).toMatchObject({ reason: "unverified" });
  });

  it("locks an account after 5 tries in 15 minutes, even with the right password, then lets it in again", async () => {
    setNow("2021-11-01T00:00:00Z");
    const u = await makeUser(t.db);
    for (let i = 0; i < 5; i++) {
      await attemptLogin(t.db, { email: u.email, password: "wrong", ip: `10.1.0.${i}` });
    }
    const locked = await attemptLogin(t.db, { email: u.email, password: TEST_PASSWORD, ip: "10.1.0.9" });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!locked.ok) expect(locked.retryAfterSeconds).toBeGreaterThan(800);
    setNow("2021-11-01T00:15:01Z");
    expect(await attemptLogin(t.db, { email: u.email, password: TEST_PASSWORD, ip: "10.1.0.9" })).toMatchObject({ ok: true });
  });

  it("counts concurrent hits atomically", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => hitRateLimit(t.db, "test:burst", 10, 60)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});

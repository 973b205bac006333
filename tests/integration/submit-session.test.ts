/**
 * The deadline rush's submit POST reads the session and the entry in ONE statement
 * (loadEntryToSubmitAs + adoptSessionRow) instead of a session lookup and then an entry read.
 * Every rule of the session lookup still holds on that path, through the route's action:
 * expiry, revocation (one session or all), a disabled account, a half-finished two-factor
 * sign-in (its challenge cookie is no session), ownership of the entry, the "last seen" touch.
 * Each refused post changes nothing: no code, no receipt, no audit event.
 */
import { describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { destroyAllSessions, hashToken } from "#app/server/shared/session.server.ts";
import { TWO_FACTOR_COOKIE } from "#app/server/shared/two-factor.server.ts";
import { action } from "#app/routes/me.entries.$id.tsx";
import { testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeSubmittableDraft, makeUser } from "#tests/support/kit.ts";
import { formRequest, sessionCookie, withRouteTestDb } from "#tests/support/organizer.ts";

describe(`the rush's submit checks the session in its entry read, on ${testEngine}`, () => {
  let t: TestDb;
  withRouteTestDb((db) => (t = db));

  // Before the default contest's deadline; sessions expire and are "seen" on this clock too.
  const NOW = new Date("2021-11-10T16:00:00Z");
  async function ready() {
    setNow(NOW.toISOString());
    const { user, entryId, payload } = await makeSubmittableDraft(t.db);
    const cookie = await sessionCookie(t.db, user.id);
    return { user, entryId, payload, cookie };
  }

  /** The route's answer: a Response returned or thrown (redirects and 404s are thrown). */
  async function post(entryId: string, cookie: string, payload: string): Promise<Response> {
    try {
      const r = await action({
        request: formRequest(`/me/entries/${entryId}`, cookie, { intent: "submit", payload }),
        params: { id: entryId },
        context: {},
      });
      return r as Response;
    } catch (err) {
      if (err instanceof Response) return err;
      throw err;
    }
  }

  async function unchanged(entryId: string) {
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    expect([entry.status, entry.code]).toEqual(["DRAFT", null]);
    expect(await t.db.outboxMail.count({ where: { dedupeKey: `receipt:${entryId}` } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { entryId, action: { contains: "SUBMITTED" } } })).toBe(0);
  }

  const toLogin = (r: Response, entryId: string) => {
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/me/entries/${entryId}`)}`);
  };

  it("submits with a valid session", async () => {
    const { entryId, payload, cookie } = await ready();
    const r = await post(entryId, cookie, payload);
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toMatch(new RegExp(`^/me/entries/${entryId}\\?done=submitted&code=`));
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("SUBMITTED");
  });

  it("sends an expired session to the login page and changes nothing", async () => {
    const { entryId, payload, cookie } = await ready();
    const token = cookie.split("=")[1]!;
    await t.db.session.updateMany({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(NOW.getTime() - 1_000) },
    });
    toLogin(await post(entryId, cookie, payload), entryId);
    await unchanged(entryId);
  });

  it("sends a revoked session (signed out everywhere) to the login page and changes nothing", async () => {
    const { user, entryId, payload, cookie } = await ready();
    await destroyAllSessions(t.db, user.id);
    toLogin(await post(entryId, cookie, payload), entryId);
    await unchanged(entryId);
  });

  it("sends a disabled account's session to the login page and changes nothing", async () => {
    const { user, entryId, payload, cookie } = await ready();
    await t.db.user.update({ where: { id: user.id }, data: { disabledAt: NOW } });
    toLogin(await post(entryId, cookie, payload), entryId);
    await unchanged(entryId);
  });

  it("treats a two-factor challenge cookie (password given, code not yet) as no session", async () => {
    const { entryId, payload } = await ready();
    const challenge = `${TWO_FACTOR_COOKIE}=${"a".repeat(43)}`;
    toLogin(await post(entryId, challenge, payload), entryId);
    // A made-up session token is no session either.
    toLogin(await post(entryId, `gbc_session=${"b".repeat(43)}`, payload), entryId);
    await unchanged(entryId);
  });

  it("submits for a two-factor user whose session passed the code step", async () => {
    const { user, entryId, payload, cookie } = await ready();
    await t.db.user.update({ where: { id: user.id }, data: { totpEnabledAt: NOW } });
    const r = await post(entryId, cookie, payload);
    expect(r.headers.get("Location")).toMatch(/done=submitted/);
  });

  it("answers another journalist's valid session with 404 and changes nothing", async () => {
    const { entryId, payload } = await ready();
    const stranger = await makeUser(t.db);
    const r = await post(entryId, await sessionCookie(t.db, stranger.id), payload);
    expect(r.status).toBe(404);
    await unchanged(entryId);
  });

  it("touches 'last seen' when it is older than 10 minutes, and not otherwise", async () => {
    const { entryId, payload, cookie } = await ready();
    const where = { tokenHash: hashToken(cookie.split("=")[1]!) };
    const old = new Date(NOW.getTime() - 3_600_000);
    await t.db.session.updateMany({ where, data: { lastSeenAt: old } });
    expect((await post(entryId, cookie, payload)).headers.get("Location")).toMatch(/done=submitted/);
    const seen = (await t.db.session.findFirstOrThrow({ where })).lastSeenAt;
    expect(seen.getTime()).toBe(NOW.getTime());
    // A second post (the double click) a moment later finds it fresh: not written again.
    const recent = new Date(NOW.getTime() - 60_000);
    await t.db.session.updateMany({ where, data: { lastSeenAt: recent } });
    await post(entryId, cookie, payload);
    expect((await t.db.session.findFirstOrThrow({ where })).lastSeenAt.getTime()).toBe(recent.getTime());
  });
});

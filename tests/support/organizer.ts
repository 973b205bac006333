/**
 * Helpers for organizer tests: make the process-wide database the test's one (route modules
 * call getDb()), and build signed-in requests for route loaders and actions.
 */
import { afterAll, beforeAll } from "vitest";
import type { Db } from "#app/server/shared/db.server.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createSession } from "#app/server/shared/session.server.ts";
import { createTestDb, type TestDb } from "./test-db.ts";

export function useTestDbForRoutes(t: TestDb): void {
  const g = globalThis as typeof globalThis & { __dbHandle?: Promise<unknown> };
  g.__dbHandle = Promise.resolve({ db: t.db, kind: t.engine, close: async () => {} });
}

export function releaseTestDbForRoutes(): void {
  const g = globalThis as typeof globalThis & { __dbHandle?: Promise<unknown> };
  g.__dbHandle = undefined;
}

/**
 * For a describe block that calls routes: a fresh test database, made the routes' one before the
 * tests (handed to `set`), and after them released and closed with the clock reset.
 */
export function withRouteTestDb(set: (t: TestDb) => void): void {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    set(t);
  });
  afterAll(async () => {
    setNow(null);
    releaseTestDbForRoutes();
    await t?.close();
  });
}

/** A cookie header for a fresh session of `userId`. */
export async function sessionCookie(db: Db, userId: string): Promise<string> {
  const setCookie = await createSession(db, userId, new Request("http://localhost/"));
  return setCookie.split(";")[0]!;
}

export function formRequest(url: string, cookie: string, fields: Record<string, string | string[]>): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

/**
 * Helpers for organizer tests: make the process-wide database the test's one (route modules
 * call getDb()), and build signed-in requests for route loaders and actions.
 */
import type { Db } from "#app/server/shared/db.server.ts";
import { createSession } from "#app/server/shared/session.server.ts";
import type { TestDb } from "./test-db.ts";

export function useTestDbForRoutes(t: TestDb): void {
  const g = globalThis as typeof globalThis & { __dbHandle?: Promise<unknown> };
  g.__dbHandle = Promise.resolve({ db: t.db, kind: t.engine, close: async () => {} });
}

export function releaseTestDbForRoutes(): void {
  const g = globalThis as typeof globalThis & { __dbHandle?: Promise<unknown> };
  g.__dbHandle = undefined;
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

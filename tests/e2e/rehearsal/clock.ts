import { expect, type APIRequestContext } from "@playwright/test";

/**
 * The e2e server's clock hook (app/server/shared/e2e-clock.server.ts, only mounted with E2E_CLOCK=1).
 * Time keeps running from the pinned moment. Only ever move it forward within a test (mails and
 * sessions made "later" must stay valid) and release it when done.
 */
export async function setServerClock(request: APIRequestContext, at: string | null): Promise<void> {
  const res = await request.post("/__e2e/clock", { data: { now: at, running: true } });
  expect(res.status(), "the e2e server has the clock hook (E2E_CLOCK=1)").toBe(200);
}

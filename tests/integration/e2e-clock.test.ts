import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { now, setNow } from "#app/server/shared/clock.server.ts";
import { E2E_CLOCK_PATH, e2eClockEnabled, mountE2eClock } from "#app/server/shared/e2e-clock.server.ts";

let server: Server | undefined;

/** An Express app as server.mjs builds it: the hook (if any), then a catch-all 404. */
async function serve(source: Record<string, string | undefined>): Promise<string> {
  const app = express();
  mountE2eClock(app, source);
  app.all("*", (_req, res) => void res.status(404).send("Not found"));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${E2E_CLOCK_PATH}`;
}

afterEach(async () => {
  setNow(null);
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = undefined;
});

describe("e2e clock hook", () => {
  it("does not exist without E2E_CLOCK=1: 404, and the clock stays real", async () => {
    for (const source of [
      {},
      { NODE_ENV: "production", HOST: "127.0.0.1" },
      { E2E_CLOCK: "0" },
      { E2E_CLOCK: "true" },
    ]) {
      const url = await serve(source);
      expect((await fetch(url)).status).toBe(404);
      const post = await fetch(url, { method: "POST", body: JSON.stringify({ now: "2020-11-11T00:00:00Z" }) });
      expect(post.status).toBe(404);
      expect(now().getFullYear()).toBeGreaterThan(2024);
      await new Promise((r) => server!.close(r));
      server = undefined;
    }
  });

  it("refuses to start a production server with the flag on a public address", () => {
    expect(() => e2eClockEnabled({ E2E_CLOCK: "1", NODE_ENV: "production" })).toThrow(
      /E2E_CLOCK=1 is for the e2e test server only/,
    );
    expect(() => e2eClockEnabled({ E2E_CLOCK: "1", NODE_ENV: "production", HOST: "0.0.0.0" })).toThrow(/refusing/);
    expect(e2eClockEnabled({ E2E_CLOCK: "1", NODE_ENV: "production", HOST: "127.0.0.1" })).toBe(true);
  });

  it("with the flag, moves the server's clock (running or frozen), refuses bad input and releases it", async () => {
    const url = await serve({ E2E_CLOCK: "1", NODE_ENV: "production", HOST: "127.0.0.1" });
    const set = (body: unknown) => fetch(url, { method: "POST", body: JSON.stringify(body) });
    const res = await set({ now: "2020-11-11T00:00:00+07:00" });
    expect(res.status).toBe(200);
    const running = now().getTime() - Date.parse("2020-11-10T17:00:00Z");
    expect(running).toBeGreaterThanOrEqual(0);
    expect(running).toBeLessThan(5_000);
    expect(((await (await fetch(url)).json()) as { now: string }).now.slice(0, 10)).toBe("2020-11-10");

    expect((await set({ now: "2020-12-01T00:00:00Z", running: false })).status).toBe(200);
    expect(now().toISOString()).toBe("2020-12-01T00:00:00.000Z");

    for (const bad of [{ now: "tomorrow" }, { now: "2020-12-01T00:00:00Z", extra: 1 }, {}]) {
      expect((await set(bad)).status).toBe(400);
    }
    expect((await fetch(url, { method: "POST", body: "not json" })).status).toBe(400);
    expect(now().toISOString()).toBe("2020-12-01T00:00:00.000Z");

    expect((await set({ now: null })).status).toBe(200);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});

/**
 * The embedded PGlite runs on its own thread (app/server/shared/pglite-worker.mjs). What that
 * must not change: Prisma's error codes, one connection (no other statement inside an open
 * transaction), rollback, and data surviving close. What it must change: a long query no longer
 * stops the main thread's event loop. PGlite only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, PrismaClient } from "#app/generated/prisma/client.ts";
import { openPglite, type PgliteHandle } from "#app/server/shared/db.server.ts";
import { migrateDeploy } from "#prisma/migrator.ts";

const user = (email: string) => ({ email, name: "Nguyễn Văn A" });

describe.skipIf(process.env.TEST_DB === "postgres")("PGlite on its own thread", () => {
  let dir: string;
  let handle: PgliteHandle;
  let db: PrismaClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-thread-"));
    handle = await openPglite(path.join(dir, "pglite"));
    await migrateDeploy({ pglite: handle });
    db = new PrismaClient({ adapter: handle.adapter });
  }, 180_000);
  afterAll(async () => {
    await db?.$disconnect();
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("maps a unique violation to P2002 naming the field, and a rolled-back transaction leaves nothing", async () => {
    await db.user.create({ data: user("a@example.test") });
    const err = await db.user.create({ data: user("a@example.test") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((err as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(JSON.stringify((err as Prisma.PrismaClientKnownRequestError).meta)).toContain("email");

    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: user("b@example.test") });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await db.user.count({ where: { email: "b@example.test" } })).toBe(0);
  });

  it("keeps other statements out of an open transaction (one connection)", async () => {
    const order: string[] = [];
    const tx = db.$transaction(async (t) => {
      await t.user.create({ data: user("c@example.test") });
      order.push("tx inserted");
      await new Promise((r) => setTimeout(r, 300));
      order.push("tx done");
    });
    await new Promise((r) => setTimeout(r, 50));
    // Runs after the commit, so it sees the row; it never sees an uncommitted state.
    const seen = await db.user.count({ where: { email: "c@example.test" } });
    order.push("outside read");
    await tx;
    expect(order).toEqual(["tx inserted", "tx done", "outside read"]);
    expect(seen).toBe(1);
  });

  it("leaves the main thread's event loop free while a long query runs", async () => {
    let ticks = 0;
    let worstGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const t0 = performance.now();
    // About a second of pure database CPU (no I/O): on the main thread this froze the loop.
    await handle.query(`SELECT count(*) FROM generate_series(1, 1000000) g WHERE g % 7 = 3`);
    const took = performance.now() - t0;
    clearInterval(timer);
    expect(took).toBeGreaterThan(100);
    // The timer kept firing during the query: no gap near the query's own duration.
    expect(ticks).toBeGreaterThan(3);
    expect(worstGap).toBeLessThan(took / 2);
  });

  it("keeps what was committed across close and reopen", async () => {
    await db.user.create({ data: user("d@example.test") });
    await db.$disconnect();
    await handle.close();
    handle = await openPglite(path.join(dir, "pglite"));
    db = new PrismaClient({ adapter: handle.adapter });
    expect(await db.user.count({ where: { email: "d@example.test" } })).toBe(1);
  }, 120_000);
});

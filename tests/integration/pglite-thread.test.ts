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

  // Statements run prepared (pglite-statements.mjs): the same text again must behave exactly as
  // a fresh one — new parameters, errors, aborted transactions, changed tables.
  it("runs a repeated statement with each call's own parameters, and maps its errors as the first time", async () => {
    for (let i = 0; i < 8; i++) await db.user.create({ data: user(`rep${i}@example.test`) });
    // Past PostgreSQL's five custom plans, so a generic plan is in use by now.
    for (let i = 0; i < 8; i++) {
      const u = await db.user.findUnique({ where: { email: `rep${i}@example.test` }, select: { email: true } });
      expect(u?.email).toBe(`rep${i}@example.test`);
    }
    expect(await db.user.findUnique({ where: { email: "nobody@example.test" } })).toBeNull();
    for (let i = 0; i < 3; i++) {
      const err = await db.user.create({ data: user("rep1@example.test") }).catch((e: unknown) => e);
      expect((err as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    }
    // A failing statement inside a transaction aborts it: nothing of it stays, and the next
    // statements (outside) run normally.
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: user("in-tx@example.test") });
        await tx.user.create({ data: user("rep2@example.test") });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await db.user.count({ where: { email: "in-tx@example.test" } })).toBe(0);
    // A statement PostgreSQL cannot parse fails alone; the connection stays usable.
    await expect(db.$queryRawUnsafe("SELEC 1")).rejects.toThrow(/syntax error/);
    await expect(db.$queryRawUnsafe("SELEC 1")).rejects.toThrow(/syntax error/);
    expect(await db.$queryRawUnsafe<{ n: number }[]>("SELECT $1::int + 1 AS n", 41)).toEqual([{ n: 42 }]);
    expect(await db.$queryRawUnsafe<{ n: number }[]>("SELECT $1::int + 1 AS n", 1)).toEqual([{ n: 2 }]);
  });

  it("sees a table's new columns after a script changed it, and keeps working past many distinct statements", async () => {
    await handle.exec(`CREATE TABLE cache_probe (id int PRIMARY KEY); INSERT INTO cache_probe VALUES (1)`);
    for (let i = 0; i < 7; i++) {
      expect(await db.$queryRawUnsafe("SELECT * FROM cache_probe WHERE id = $1", 1)).toEqual([{ id: 1 }]);
    }
    await handle.exec(`ALTER TABLE cache_probe ADD COLUMN label text NOT NULL DEFAULT 'x'`);
    expect(await db.$queryRawUnsafe("SELECT * FROM cache_probe WHERE id = $1", 1)).toEqual([{ id: 1, label: "x" }]);
    // The same through Prisma (no script): PostgreSQL refuses the cached plan, it is prepared again.
    await db.$executeRawUnsafe(`ALTER TABLE cache_probe ADD COLUMN n int NOT NULL DEFAULT 7`);
    expect(await db.$queryRawUnsafe("SELECT * FROM cache_probe WHERE id = $1", 1)).toEqual([
      { id: 1, label: "x", n: 7 },
    ]);
    // More distinct texts than are kept prepared: the oldest are closed, all still answer.
    for (let i = 0; i < 300; i++) {
      expect(await db.$queryRawUnsafe<{ n: number }[]>(`SELECT ${i} + $1::int AS n`, 1)).toEqual([{ n: i + 1 }]);
    }
    expect(await db.$queryRawUnsafe<{ n: number }[]>(`SELECT 0 + $1::int AS n`, 5)).toEqual([{ n: 5 }]);
    await handle.exec(`DROP TABLE cache_probe`);
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

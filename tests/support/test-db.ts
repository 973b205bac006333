/**
 * A fresh, migrated database for one integration test file, on the engine chosen by TEST_DB:
 * `pglite` (default; a temp data directory) or `postgres` (a new database on the server at
 * TEST_DATABASE_URL, dropped afterwards). Real databases, never mocks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { createDb, openPglite, type Db } from "#app/server/shared/db.server.ts";
import { migrateDeploy } from "#prisma/migrator.ts";
import { afterAll, beforeAll } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";

export type TestEngine = "pglite" | "postgres";

export const testEngine: TestEngine = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";

export interface TestDb {
  db: Db;
  engine: TestEngine;
  /** Connection settings to hand to code that opens the database itself. */
  databaseUrl?: string;
  dataDir?: string;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDb(): Promise<TestDb> {
  if (testEngine === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DB=postgres needs TEST_DATABASE_URL (a server URL)");
    const name = `gbc_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const databaseUrl = withDatabase(adminUrl, name);
    await migrateDeploy({ databaseUrl });
    // The app's own client (createDb): its pool and prepared statements, as in production.
    const { db } = await createDb({ databaseUrl, dataDir: "" });
    return {
      db,
      engine: "postgres",
      databaseUrl,
      async close() {
        await db.$disconnect();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-test-"));
  const handle = await openPglite(path.join(dataDir, "pglite"));
  await migrateDeploy({ pglite: handle });
  const db = new PrismaClient({ adapter: handle.adapter });
  return {
    db,
    engine: "pglite",
    dataDir,
    async close() {
      await db.$disconnect();
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One fresh database for a describe block (opened in beforeAll, dropped in afterAll), with the
 * app's clock frozen at `now` meanwhile: the set-up most integration files repeat.
 */
export function useTestDb(opts: { now?: string } = {}): TestDb {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    if (opts.now) setNow(opts.now);
  });
  afterAll(async () => {
    if (opts.now) setNow(null);
    await t?.close();
  });
  const get = () => {
    if (!t) throw new Error("useTestDb: the database opens in beforeAll");
    return t;
  };
  return {
    get db() {
      return get().db;
    },
    get engine() {
      return get().engine;
    },
    get databaseUrl() {
      return get().databaseUrl;
    },
    get dataDir() {
      return get().dataDir;
    },
    close: () => get().close(),
  };
}

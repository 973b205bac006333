/**
 * The migrations in prisma/migrations: they match schema.prisma, they apply to an empty PGlite
 * and (with TEST_DATABASE_URL) to an empty PostgreSQL database, deploy is idempotent, the
 * AuditEvent table is append-only, and PGlite directories are locked against a second opener.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openPglite, type PgliteHandle } from "#app/server/shared/db.server.ts";
import {
  DEFAULT_MIGRATIONS_DIR,
  diffSchemaAgainstMigrations,
  migrateDeploy,
  migrationStatus,
} from "#prisma/migrator.ts";

const EXPECTED_TABLES = [
  "_prisma_migrations",
  "AuditEvent",
  "Contest",
  "Entry",
  "OutboxMail",
  "Score",
  "Session",
  "User",
];

const TABLES_SQL = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;

async function tmpDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

async function localMigrationNames(): Promise<string[]> {
  const entries = await fs.readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const INSERT_AUDIT = `INSERT INTO "AuditEvent" ("action", "targetType", "targetId")
  VALUES ('test.created', 'Test', 't1')`;

describe("schema.prisma and prisma/migrations", () => {
  it("agree (no drift)", async () => {
    const { inSync, sql } = await diffSchemaAgainstMigrations();
    if (!inSync) {
      expect.fail(
        "schema.prisma differs from prisma/migrations; run `npm run db:migration -- <name>`. " + `Missing SQL:\n${sql}`,
      );
    }
  });
});

describe("deploy on PGlite", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await tmpDir("migrate-pglite-");
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("creates the schema, is a no-op the second time, and AuditEvent is append-only", async () => {
    const first = await migrateDeploy({ dataDir });
    expect(first.applied).toEqual(await localMigrationNames());

    // Second deploy through an already-open instance (how the start script and tests call it).
    const handle = await openPglite(path.join(dataDir, "pglite"));
    try {
      const again = await migrateDeploy({ pglite: handle });
      expect(again.applied).toEqual([]);

      const tables = (await handle.query<{ table_name: string }>(TABLES_SQL)).rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));

      const status = await migrationStatus({ pglite: handle });
      expect(status).toMatchObject({ pending: [], failed: [], edited: [], ok: true });

      await handle.query(INSERT_AUDIT);
      await expect(handle.query(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(handle.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      const count = await handle.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "action" = 'test.created'`,
      );
      expect(count.rows[0]?.n).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it("reports a failing migration and blocks later deploys", async () => {
    // Copy of the real migrations plus a broken one: PGlite must surface the error (the adapter
    // workaround) instead of recording the migration as applied.
    const migrationsDir = await tmpDir("migrate-broken-");
    const dir = await tmpDir("migrate-broken-db-");
    try {
      await fs.cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      await fs.mkdir(path.join(migrationsDir, "99990101000000_broken"));
      await fs.writeFile(
        path.join(migrationsDir, "99990101000000_broken", "migration.sql"),
        `CREATE TABLE "Broken" ("id" INT);\nSELECT * FROM "NoSuchTable";\n`,
      );
      await expect(migrateDeploy({ dataDir: dir, migrationsDir })).rejects.toThrow(/NoSuchTable/);

      const status = await migrationStatus({ dataDir: dir, migrationsDir });
      expect(status.failed).toEqual(["99990101000000_broken"]);
      expect(status.ok).toBe(false);
      expect(status.drift.error).toMatch(/NoSuchTable/);
      await expect(migrateDeploy({ dataDir: dir, migrationsDir })).rejects.toThrow(/99990101000000_broken/);

      const handle = await openPglite(path.join(dir, "pglite"));
      try {
        // The broken script ran in one implicit transaction: its CREATE TABLE was rolled back.
        const broken = await handle.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Broken'`);
        expect(broken.rows).toHaveLength(0);
      } finally {
        await handle.close();
      }
    } finally {
      await fs.rm(migrationsDir, { recursive: true, force: true });
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe("deploy on a PostgreSQL server", () => {
  let admin: pg.Client | undefined;
  let databaseUrl = "";
  let dbName = "";

  beforeAll(async () => {
    if (!serverUrl) return;
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    dbName = `migrate_test_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  });
  afterAll(async () => {
    if (!admin) return;
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it.skipIf(!serverUrl)(
    serverUrl
      ? "creates the schema, is a no-op the second time, and AuditEvent is append-only"
      : "skipped: set TEST_DATABASE_URL=postgresql://user@host:port/db to run against PostgreSQL",
    async () => {
      const first = await migrateDeploy({ databaseUrl });
      expect(first.applied).toEqual(await localMigrationNames());
      const again = await migrateDeploy({ databaseUrl });
      expect(again.applied).toEqual([]);

      const status = await migrationStatus({ databaseUrl });
      expect(status).toMatchObject({ pending: [], failed: [], edited: [], ok: true });

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const tables = (await client.query<{ table_name: string }>(TABLES_SQL)).rows.map((r) => r.table_name);
        expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
        await client.query(INSERT_AUDIT);
        await expect(client.query(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
        await expect(client.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
    },
  );

  it.skipIf(!serverUrl)(
    serverUrl
      ? "drift check with a shadow database on the server, leaving no shadow database behind"
      : "skipped: set TEST_DATABASE_URL to check the server shadow database",
    async () => {
      const { inSync, sql } = await diffSchemaAgainstMigrations({ shadowDatabaseUrl: databaseUrl });
      expect(inSync, sql).toBe(true);
      const leaked = await admin!.query(
        `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`,
      );
      expect(leaked.rows).toEqual([]);
    },
  );
});

describe("PGlite lock", () => {
  // Opening PGlite takes up to a minute on a loaded 2-core machine (seen at load 25).
  it("refuses a second opener of the same directory", async () => {
    const dir = await tmpDir("migrate-lock-");
    let first: PgliteHandle | undefined;
    try {
      first = await openPglite(path.join(dir, "pglite"));
      await expect(openPglite(path.join(dir, "pglite"))).rejects.toBeInstanceOf(DatabaseLockedError);
      // The migration tool goes through the same lock.
      await expect(migrateDeploy({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    } finally {
      await first?.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("never takes the lock from a live owner whose refresh is late, but takes it 10 s after the owner is gone", async () => {
    const dir = path.join(await tmpDir("migrate-stale-"), "pglite");
    let opened: PgliteHandle | undefined;
    const leaveLock = async (pid: number | undefined, ageMs: number) => {
      await fs.mkdir(`${dir}.lock`, { recursive: true });
      await fs.writeFile(`${dir}.lock-owner`, JSON.stringify({ pid, host: os.hostname() }));
      const at = new Date(Date.now() - ageMs);
      await fs.utimes(`${dir}.lock`, at, at);
    };
    try {
      // A live owner (this process) whose refresh a busy event loop held back for a minute.
      await leaveLock(process.pid, 60_000);
      await expect(openPglite(dir)).rejects.toBeInstanceOf(DatabaseLockedError);
      // A crash: the lock is left with the pid of a process that has exited; fresh, it still holds.
      const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
      await leaveLock(gone, 1_000);
      await expect(openPglite(dir)).rejects.toBeInstanceOf(DatabaseLockedError);
      await leaveLock(gone, 11_000);
      opened = await openPglite(dir);
      expect(JSON.parse(await fs.readFile(`${dir}.lock-owner`, "utf8")).pid).toBe(process.pid);
    } finally {
      await opened?.close();
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 180_000);
});

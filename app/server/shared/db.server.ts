import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { env } from "./env.server.ts";

export type Db = PrismaClient;

export class DatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by another process ` +
        `(a running server, CLI or migration). PGlite has no cross-process lock, so opening it ` +
        `twice would lose data. Stop the other process, or send the work through the running ` +
        `server. If the other process crashed, wait 10 seconds and try again.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export interface PgliteHandle {
  pglite: PGlite;
  close(): Promise<void>;
}

/** How long a lock left by a process that is gone blocks the next opener. */
const CRASHED_STALE_MS = 10_000;
/**
 * How long a live process may go without refreshing its lock. PGlite runs queries on the event
 * loop, so a big query on a loaded machine can hold the refresh back for many seconds; an owner
 * that is still alive must never be taken over for that (CI saw it at load 24), and must not give
 * itself up either. Only a lock whose owner's pid now belongs to another process waits this long.
 */
const LIVE_STALE_MS = 5 * 60_000;

interface LockOwner {
  pid: number;
  host: string;
}

function ownerIsAlive(ownerFile: string): boolean {
  let owner: LockOwner;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile, "utf8")) as LockOwner;
  } catch {
    return false;
  }
  if (owner.host !== os.hostname() || !Number.isInteger(owner.pid)) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Opens PGlite on `dataDir` after taking an exclusive lock on it. PGlite itself has no
 * cross-process lock (two writers silently lose data), so every opener — server, CLI,
 * migration tool, tests — goes through here. The lock is refreshed while we live; beside it a
 * small file names the owner's pid, so a lock goes stale 10 s after its owner is gone but is
 * never taken from a live owner whose refresh is late.
 */
export async function openPglite(dataDir: string): Promise<PgliteHandle> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = `${dir}.lock`;
  const ownerFile = `${dir}.lock-owner`;
  let release: () => Promise<void>;
  // proper-lockfile uses one `stale` both to take over an old lock and to give up its own when a
  // refresh is late; we need 10 s for the first (owner gone) and minutes for the second.
  if (fs.existsSync(lockPath) && !ownerIsAlive(ownerFile)) {
    const age = Date.now() - fs.statSync(lockPath).mtimeMs;
    if (age > CRASHED_STALE_MS) fs.rmSync(lockPath, { recursive: true, force: true });
  }
  try {
    const held = await lockfile.lock(dir, {
      lockfilePath: lockPath,
      stale: LIVE_STALE_MS,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: (err) => {
        // Someone removed or took over our lock: continuing could corrupt data.
        console.error(`[db] lost the lock on ${dir}: ${err.message}`);
        process.exit(70);
      },
    });
    fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname() } satisfies LockOwner));
    release = async () => {
      fs.rmSync(ownerFile, { force: true });
      await held();
    };
  } catch (err) {
    if ((err as { code?: string }).code === "ELOCKED") throw new DatabaseLockedError(dir);
    throw err;
  }
  let pglite: PGlite;
  try {
    // PostgreSQL's default 128 MB of shared buffers sit in PGlite's WebAssembly memory, which
    // never shrinks; the files are in the OS page cache anyway. 32 MB keeps the demo and a
    // 10,000-entry contest hot at a fraction of the resident memory.
    pglite = await PGlite.create({
      dataDir: dir,
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"],
    });
  } catch (err) {
    await release();
    throw err;
  }
  let closed = false;
  return {
    pglite,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        await release();
      }
    },
  };
}

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** Creates a Prisma client: a PostgreSQL server when `databaseUrl` is set, PGlite otherwise. */
export async function createDb(opts: { databaseUrl?: string; dataDir: string; poolMax?: number }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const db = new PrismaClient({
      // No connection timeout: waiting for a connection is bounded by the app's queue (db-gate).
      adapter: new PrismaPg({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10 }),
    });
    return { db, kind: "postgres", close: () => db.$disconnect() };
  }
  const handle = await openPglite(path.join(opts.dataDir, "pglite"));
  const db = new PrismaClient({ adapter: new PrismaPGlite(handle.pglite) });
  return {
    db,
    kind: "pglite",
    async close() {
      await db.$disconnect();
      await handle.close();
    },
  };
}

// One client per process, kept on globalThis so Vite's dev reloads don't open a second one.
const g = globalThis as typeof globalThis & { __dbHandle?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!g.__dbHandle) {
    const e = env();
    g.__dbHandle = createDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR, poolMax: e.DB_POOL_MAX });
    g.__dbHandle.catch(() => {
      g.__dbHandle = undefined;
    });
  }
  return g.__dbHandle;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the process-wide client (PGlite keeps the process alive until closed). */
export async function closeDb(): Promise<void> {
  const pending = g.__dbHandle;
  g.__dbHandle = undefined;
  if (pending) await (await pending).close();
}

/** Throws unless the database answers (the health check). */
export async function checkDatabase(): Promise<void> {
  const db = await getDb();
  await db.$queryRaw`SELECT 1`;
}

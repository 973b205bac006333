import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import lockfile from "proper-lockfile";
import { PrismaPg } from "@prisma/adapter-pg";
import { statementNamer } from "./statement-names.ts";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
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
  /** Prisma's driver adapter for this database: `new PrismaClient({ adapter: handle.adapter })`. */
  adapter: SqlDriverAdapterFactory;
  /** PGlite's own query (rows as objects), for the migrator and tests. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  /** Runs a script of several statements (PGlite's exec). */
  exec(sql: string): Promise<void>;
  /** Closes PGlite (flushing it) and releases the lock. */
  close(): Promise<void>;
}

/** How long a lock left by a process that is gone blocks the next opener. */
const CRASHED_STALE_MS = 10_000;
/**
 * How long a live process may go without refreshing its lock. A busy event loop (a big render, a
 * loaded machine) can hold the refresh back for many seconds; an owner
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
  let thread: PgliteThread;
  try {
    thread = await PgliteThread.open(dir);
  } catch (err) {
    await release();
    throw err;
  }
  let closed = false;
  return {
    adapter: new ThreadAdapterFactory(thread),
    query: (sql, params) => thread.call("query", { sql, params: params?.map(cloneableArg) }),
    exec: (sql) => thread.call("exec", { sql }),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await thread.close();
      } finally {
        await release();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PGlite on its own thread (pglite-worker.mjs): the database's CPU runs on the second core.

interface SerialisedError {
  type: "driver" | "database" | "error";
  cause?: ConstructorParameters<typeof DriverAdapterError>[0];
  name?: string;
  message?: string;
  stack?: string;
  fields?: Record<string, string>;
}

/** Rebuilds an error thrown on the database thread, so Prisma maps it as before (P2002, …). */
function rebuildError(e: SerialisedError): Error {
  if (e.type === "driver" && e.cause) return new DriverAdapterError(e.cause);
  const err = Object.assign(new Error(e.message), e.fields);
  err.name = e.name ?? "Error";
  if (e.stack)
    err.stack = `${err.name}: ${e.message}\n    (on the database thread)\n${e.stack.split("\n").slice(1).join("\n")}`;
  return err;
}

/**
 * Arguments cross the thread boundary by structured clone, which keeps Dates, BigInts and bytes
 * but turns class instances (a Prisma Decimal) into plain objects: send those as their text.
 */
function cloneableArg(arg: unknown): unknown {
  if (arg === null || typeof arg !== "object" || arg instanceof Date || ArrayBuffer.isView(arg)) return arg;
  if (Array.isArray(arg)) return arg.map(cloneableArg);
  const proto = Object.getPrototypeOf(arg) as object | null;
  return proto === Object.prototype || proto === null ? arg : String(arg);
}

const workerFile = createRequire(import.meta.url).resolve("#app/server/shared/pglite-worker.mjs");

class PgliteThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private failure: Error | undefined;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (msg: { id: number; ok: boolean; value?: unknown; error?: SerialisedError }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(rebuildError(msg.error!));
    });
    worker.on("error", (err) => this.fail(err));
    worker.on("exit", (code) => this.fail(new Error(`the database thread exited (code ${code})`)));
  }

  static async open(dir: string): Promise<PgliteThread> {
    // `npm start` gives the main thread 32 MB semi-spaces (--max-semi-space-size=32), which the
    // worker would inherit; its garbage is small, short-lived result rows: a small young generation
    // keeps the process's RSS down.
    const t = new PgliteThread(new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: 12 } }));
    try {
      // Appended to PGlite's defaults. PostgreSQL's default 128 MB of shared buffers sit in PGlite's WebAssembly memory, which
      // never shrinks; the files are in the OS page cache anyway. 32 MB keeps the demo and a
      // 10,000-entry contest hot at a fraction of the resident memory.
      await t.call("open", { dataDir: dir, extraStartParams: ["-c", "shared_buffers=32MB"] });
    } catch (err) {
      t.closing = true;
      await t.worker.terminate();
      throw err;
    }
    return t;
  }

  private fail(err: Error) {
    if (this.closing) return;
    this.failure ??= err;
    console.error(`[db] ${err.message}`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...args, id, op });
    });
  }

  async close(): Promise<void> {
    try {
      await this.call("close");
    } finally {
      this.closing = true;
      await this.worker.terminate();
    }
  }
}

const ADAPTER_NAME = "pglite-prisma-adapter";

function toThread(query: SqlQuery): SqlQuery {
  return { ...query, args: query.args.map(cloneableArg) };
}

class ThreadQueryable {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;
  constructor(
    protected readonly thread: PgliteThread,
    protected readonly txId?: number,
  ) {}
  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.thread.call("queryRaw", { txId: this.txId, query: toThread(query) });
  }
  executeRaw(query: SqlQuery): Promise<number> {
    return this.thread.call("executeRaw", { txId: this.txId, query: toThread(query) });
  }
}

class ThreadTransaction extends ThreadQueryable implements Transaction {
  constructor(
    thread: PgliteThread,
    txId: number,
    readonly options: TransactionOptions,
  ) {
    super(thread, txId);
  }
  commit(): Promise<void> {
    return this.thread.call("commit", { txId: this.txId });
  }
  rollback(): Promise<void> {
    return this.thread.call("rollback", { txId: this.txId });
  }
}

class ThreadAdapter extends ThreadQueryable implements SqlDriverAdapter {
  executeScript(script: string): Promise<void> {
    return this.thread.call("executeScript", { script });
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const { id, options } = await this.thread.call<{ id: number; options: TransactionOptions }>("startTransaction", {
      isolationLevel,
    });
    return new ThreadTransaction(this.thread, id, options);
  }
  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

class ThreadAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;
  constructor(private readonly thread: PgliteThread) {}
  connect(): Promise<SqlDriverAdapter> {
    return Promise.resolve(new ThreadAdapter(this.thread));
  }
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
      adapter: new PrismaPg(
        { connectionString: opts.databaseUrl, max: opts.poolMax ?? 10 },
        { statementNameGenerator: statementNamer() },
      ),
    });
    return { db, kind: "postgres", close: () => db.$disconnect() };
  }
  const handle = await openPglite(path.join(opts.dataDir, "pglite"));
  const db = new PrismaClient({ adapter: handle.adapter });
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

/**
 * The real production server (server.mjs on the built app) on loopback, against a fresh
 * database on the engine chosen by TEST_DB. PGlite has one writer per data directory, so the
 * test's own client lets go while the server runs (`release`/`reopen`), like the benchmarks.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { openPglite, type PgliteHandle } from "#app/server/shared/db.server.ts";
import { migrateDeploy } from "#prisma/migrator.ts";
import { testEngine } from "./test-db.ts";

export interface ServerDb {
  db: PrismaClient;
  databaseUrl: string;
  dataDir: string;
  release(): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function createServerDb(): Promise<ServerDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-app-"));
  if (testEngine === "postgres") {
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) throw new Error("TEST_DB=postgres needs TEST_DATABASE_URL");
    const name = `gbc_test_${randomBytes(6).toString("hex")}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const databaseUrl = u.toString();
    await migrateDeploy({ databaseUrl });
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    return {
      db,
      databaseUrl,
      dataDir,
      release: async () => {},
      reopen: async () => {},
      async close() {
        await db.$disconnect();
        const a = new pg.Client({ connectionString: admin });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  let handle: PgliteHandle | undefined = await openPglite(path.join(dataDir, "pglite"));
  await migrateDeploy({ pglite: handle });
  const s: ServerDb = {
    db: new PrismaClient({ adapter: handle.adapter }),
    databaseUrl: "",
    dataDir,
    async release() {
      await s.db.$disconnect();
      await handle?.close();
      handle = undefined;
    },
    async reopen() {
      handle = await openPglite(path.join(dataDir, "pglite"));
      s.db = new PrismaClient({ adapter: handle.adapter });
    },
    async close() {
      await s.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return s;
}

export interface AppServer {
  url: string;
  pid: number;
  output(): string;
  /** Stops the server and gives the database back to the test. */
  stop(): Promise<void>;
}

export async function startAppServer(s: ServerDb, port: number, env: Record<string, string> = {}): Promise<AppServer> {
  if (!fs.existsSync("build/server/index.js")) spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  await s.release();
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: s.databaseUrl,
      DATA_DIR: s.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_REQUESTS: "0",
      SMTP_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      await s.reopen();
    },
  };
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

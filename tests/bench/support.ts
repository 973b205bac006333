/**
 * Shared by the benchmarks: a fresh PostgreSQL database (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, a server URL), fixtures written straight to it, and the production app
 * started on loopback against it (`npm run build` first). Prints figures; asserts nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { addDays, toIsoDate } from "#app/domain/dates.ts";
import { migrateDeploy } from "#prisma/migrator.ts";
import { makeContest } from "#tests/support/factories.ts";

export interface Bench {
  db: PrismaClient;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function benchDb(): Promise<Bench> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server URL.");
  const name = `gbc_bench_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  await migrateDeploy({ databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  // On the same disk as the repository (where ./data lives), so dd compares like with like.
  // A fresh clone has no tests/.tmp yet.
  const parent = process.env.BENCH_DIR ?? path.resolve("tests/.tmp");
  fs.mkdirSync(parent, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(parent, "bench-"));
  return {
    db,
    databaseUrl,
    dataDir,
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

/** An open contest around today (the server runs on the real clock). */
export async function openContest(db: PrismaClient) {
  const today = toIsoDate(new Date());
  const contest = await makeContest(db, {
    publicationStart: addDays(today, -300),
    publicationEnd: addDays(today, -5),
    deadline: addDays(today, 10),
    categories: ["tv"],
  });
  return { contest, tv: contest.category("tv"), dates: [addDays(today, -60), addDays(today, -53), addDays(today, -46)] };
}

export interface App {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startApp(b: Bench, port = Number(process.env.BENCH_PORT ?? 3299)): Promise<App> {
  // Another process on the port would answer the health check and take the load instead.
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) {
    throw new Error(`Port ${port} is already in use; set BENCH_PORT to a free one.`);
  }
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: b.databaseUrl,
      DATA_DIR: b.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: "0",
      LOG_REQUESTS: "0",
      SMTP_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Resident memory of a process now and at its peak (VmHWM), in MiB. */
export function rssMiB(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const cpus = () => os.cpus().length;

/**
 * Shared by the benchmarks: a fresh PostgreSQL database (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, a server URL) — or, with BENCH_DB=pglite, a fresh embedded PGlite data
 * directory — fixtures written straight to it, and the production app started on loopback
 * against it (`npm run build` first). Prints figures; asserts nothing.
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
import { openPglite, type PgliteHandle } from "#app/server/shared/db.server.ts";
import { makeContest } from "#tests/support/kit.ts";

export interface Bench {
  kind: "postgres" | "pglite";
  db: PrismaClient;
  /** "" on PGlite: the app opens DATA_DIR/pglite itself. */
  databaseUrl: string;
  dataDir: string;
  /**
   * PGlite has one writer per data directory: the bench lets go of it while the app runs
   * (startApp calls this) and takes it back afterwards (App.stop). No-ops on PostgreSQL.
   */
  release(): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** A new directory under BENCH_DIR or tests/.tmp (which a fresh clone does not have yet). */
function benchDir(): string {
  const parent = process.env.BENCH_DIR ?? path.resolve("tests/.tmp");
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, "bench-"));
}

async function benchPglite(): Promise<Bench> {
  const dataDir = benchDir();
  let handle: PgliteHandle | undefined = await openPglite(path.join(dataDir, "pglite"));
  await migrateDeploy({ pglite: handle });
  const b: Bench = {
    kind: "pglite",
    db: new PrismaClient({ adapter: handle.adapter }),
    databaseUrl: "",
    dataDir,
    async release() {
      await b.db.$disconnect();
      await handle?.close();
      handle = undefined;
    },
    async reopen() {
      handle = await openPglite(path.join(dataDir, "pglite"));
      b.db = new PrismaClient({ adapter: handle.adapter });
    },
    async close() {
      await b.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return b;
}

export async function benchDb(): Promise<Bench> {
  if (process.env.BENCH_DB === "pglite") return benchPglite();
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
  const dataDir = benchDir();
  return {
    kind: "postgres",
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

/** An open contest around today (the server runs on the real clock). */
export async function openContest(db: PrismaClient) {
  const today = toIsoDate(new Date());
  const contest = await makeContest(db, {
    publicationStart: addDays(today, -300),
    publicationEnd: addDays(today, -5),
    deadline: addDays(today, 10),
    categories: ["tv"],
  });
  return {
    contest,
    tv: contest.category("tv"),
    dates: [addDays(today, -60), addDays(today, -53), addDays(today, -46)],
  };
}

export interface App {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * How `npm start` (package.json "start") runs node: its environment assignments and node flags,
 * with `${VAR:-default}` expanded as sh would. The benches start the app the same way, so its
 * memory and CPU are production's (heap limit, malloc settings), not node's defaults.
 */
export function startCommand(): { env: Record<string, string>; nodeArgs: string[] } {
  const root = path.resolve(import.meta.dirname, "../..");
  const script = (
    JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }
  ).scripts.start;
  const expand = (w: string) =>
    w.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, d: string) => process.env[name] || d);
  const words = script.split(/\s+/).map(expand);
  const nodeAt = words.indexOf("node");
  const env = Object.fromEntries(
    words.slice(0, nodeAt).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)] as const),
  );
  return { env, nodeArgs: words.slice(nodeAt + 1).filter((w) => w.startsWith("--")) };
}

export async function startApp(
  b: Bench,
  port = Number(process.env.BENCH_PORT ?? 3299),
  extraEnv: Record<string, string> = {},
): Promise<App> {
  // Another process on the port would answer the health check and take the load instead.
  if (
    await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`Port ${port} is already in use; set BENCH_PORT to a free one.`);
  }
  await b.release();
  const start = startCommand();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...start.nodeArgs,
      // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under load.
      ...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      "scripts/start.mjs",
    ],
    {
      env: {
        ...process.env,
        ...start.env,
        NODE_ENV: "production",
        DATABASE_URL: b.databaseUrl,
        DATA_DIR: b.dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        SEED_DEMO: "0",
        LOG_REQUESTS: "0",
        SMTP_URL: "",
        ...extraEnv,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await b.reopen();
    },
  };
}

/** Resident memory of a process now and at its peak (VmHWM), in MiB. */
export function rssMiB(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/**
 * Where a process's resident memory is, from /proc/<pid>/smaps (MiB): file-backed (code of node
 * and its libraries, mapped files), the brk heap (malloc), and anonymous mappings (V8's heap
 * pages, malloc's mmap'd arenas and thread stacks, wasm memories), with the largest of those.
 * A wasm memory shows as a huge reservation (GiBs of address space) of which a part is resident.
 */
export function memoryMap(pid: number): string {
  const text = fs.readFileSync(`/proc/${pid}/smaps`, "utf8");
  const maps: { name: string; sizeKb: number; rssKb: number; anonKb: number }[] = [];
  let cur: (typeof maps)[number] | undefined;
  for (const line of text.split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      cur = { name: head[1]!.trim(), sizeKb: 0, rssKb: 0, anonKb: 0 };
      maps.push(cur);
      continue;
    }
    const kv = /^(\w+):\s+(\d+) kB/.exec(line);
    if (!kv || !cur) continue;
    if (kv[1] === "Size") cur.sizeKb = Number(kv[2]);
    else if (kv[1] === "Rss") cur.rssKb = Number(kv[2]);
    else if (kv[1] === "Anonymous") cur.anonKb = Number(kv[2]);
  }
  const sum = (xs: typeof maps, f: (m: (typeof maps)[number]) => number) =>
    Math.round(xs.reduce((s, m) => s + f(m), 0) / 1024);
  const file = maps.filter((m) => m.name.startsWith("/"));
  const brk = maps.filter((m) => m.name === "[heap]");
  const anon = maps.filter((m) => m.name === "" || m.name.startsWith("[anon"));
  const wasm = anon.filter((m) => m.sizeKb >= 4 * 1024 * 1024);
  const top = [...anon]
    .sort((a, b) => b.rssKb - a.rssKb)
    .slice(0, 6)
    .map((m) => `${Math.round(m.rssKb / 1024)}/${Math.round(m.sizeKb / 1024)}`)
    .join(" ");
  return (
    `file-backed ${sum(file, (m) => m.rssKb)} (anon in them ${sum(file, (m) => m.anonKb)}), brk heap ${sum(brk, (m) => m.rssKb)}, ` +
    `anonymous ${sum(anon, (m) => m.rssKb)} in ${anon.length} mappings (wasm-sized ${sum(wasm, (m) => m.rssKb)} in ${wasm.length}); ` +
    `largest anonymous rss/size: ${top}`
  );
}

/**
 * CPU time a process has used so far (user + system), in ms. Unlike latency it barely moves
 * with the machine's load, so it compares runs on a shared machine.
 */
export function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name.
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/**
 * CPU time per thread of a process so far (ms, user and system), keyed by thread id and name
 * (node's main thread, "node" for worker threads, libuv-worker for the fs/crypto pool, V8
 * platform threads for GC and compiling): shows which part of the server the CPU went to.
 */
export function threadCpuMs(pid: number): Map<string, { name: string; user: number; sys: number }> {
  const out = new Map<string, { name: string; user: number; sys: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      out.set(tid, { name, user: (Number(f[11]) * 1000) / 100, sys: (Number(f[12]) * 1000) / 100 });
    } catch {
      // The thread just exited.
    }
  }
  return out;
}

/** CPU per thread name between two threadCpuMs snapshots, as "name user+sys ms" sorted by total. */
export function threadCpuDelta(
  before: ReturnType<typeof threadCpuMs>,
  after: ReturnType<typeof threadCpuMs>,
  mainTid: string,
): string {
  const byName = new Map<string, { user: number; sys: number; n: number }>();
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { user: 0, sys: 0 };
    const name = tid === mainTid ? "main" : process.env.BENCH_THREAD_IDS ? `${a.name}:${tid}` : a.name;
    const cur = byName.get(name) ?? { user: 0, sys: 0, n: 0 };
    cur.user += a.user - b.user;
    cur.sys += a.sys - b.sys;
    cur.n++;
    byName.set(name, cur);
  }
  return [...byName]
    .filter(([, v]) => v.user + v.sys > 0)
    .sort((x, y) => y[1].user + y[1].sys - (x[1].user + x[1].sys))
    .map(([k, v]) => `${k}${v.n > 1 ? `×${v.n}` : ""} ${Math.round(v.user)}+${Math.round(v.sys)}`)
    .join(", ");
}

/**
 * CPU the PostgreSQL server's backends for this database have used so far, by pid (ms), when
 * the server runs on this machine (its /proc is readable); empty otherwise. The rush's cost is
 * app CPU plus this, so the bench reports both.
 */
export async function pgBackendCpu(databaseUrl: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!databaseUrl) return out;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    for (const { pid } of rows) {
      try {
        out.set(pid, cpuMs(pid));
      } catch {
        // Not on this machine, or the backend just exited.
      }
    }
  } finally {
    await c.end();
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const cpus = () => os.cpus().length;

/**
 * Page throughput against the framework floor. Builds (once, into tests/.tmp/bare) a bare Remix
 * 2.17 app whose only route renders a 20-row loader, serves it with the same stack as ours
 * (express + compression + @remix-run/express, production build), starts the app (production
 * build, demo data) and measures each page interleaved with the bare route in one run
 * (autocannon, 10 connections), logged in as the demo organizer, judge and journalist.
 * Prints one line per page: req/s, p99, ratio to the bare route next to it, and the CPU time per
 * request of both servers with its ratio (which a busy shared machine barely moves); then the
 * app's RSS after the load, where both servers' memory is (V8 heap used/total by space, memory
 * outside the heap) and the judge scoring page's first-load JavaScript (gzipped, from the build
 * manifest). Prints figures; asserts nothing (the machine is shared: run it a few times and
 * read the ratio).
 *
 *   npm run build && npx tsx tests/bench/pages.ts                                   # PGlite
 *   npm run build && BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \
 *     npx tsx tests/bench/pages.ts                                                  # PostgreSQL
 *
 * BENCH_SECONDS per measurement (default 3), BENCH_ROUNDS (default 3: each page's ratio is the
 * median of the rounds, with their range, since one slice can meet a burst of the machine's
 * other work on either side), BENCH_PORT (app, 3299;
 * the bare app takes BENCH_PORT+1), BENCH_ENTRIES=10000 adds that many entries to the demo
 * contest first (the organizer entries table at scale), BENCH_PAGES=a,b to measure a subset,
 * BENCH_NODE_ARGS passes node options to the app (e.g. --cpu-prof) after those of `npm start`;
 * BENCH_HEAPSNAPSHOT=1 with BENCH_NODE_ARGS=--heapsnapshot-signal=SIGUSR2 writes a heap snapshot
 * of the app after the load (into the repository's root).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { openPglite } from "#app/server/shared/db.server.ts";
import { normalizeName } from "#app/domain/text.ts";
import { DEMO_SLUG } from "#prisma/seed-data.ts";
import { cpuMs, memoryMap, rssMiB, startCommand } from "./support.ts";

const root = path.resolve(import.meta.dirname, "../..");
const tmp = path.join(root, "tests/.tmp");
fs.mkdirSync(tmp, { recursive: true });
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3299);
const BIG = Number(process.env.BENCH_ENTRIES ?? 0);
const PASSWORD = "GiaiBaoChi@2021";

// ---------------------------------------------------------------------------------------------
// The bare app: Remix's own defaults (no entry files), one SSR route with a 20-row loader.
const BARE_FILES: Record<string, string> = {
  // Remix finds its server runtime in package.json's dependencies (resolved from the repository).
  // Remix's default entry.server imports isbot: it is our dev dependency for this app only
  // (knip.json ignores it, since nothing of ours imports it).
  "package.json": JSON.stringify({
    name: "bare-remix",
    private: true,
    type: "module",
    dependencies: { "@remix-run/node": "*", "@remix-run/react": "*", isbot: "*", react: "*", "react-dom": "*" },
  }),
  "vite.config.ts": `import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
export default defineConfig({
  logLevel: "warn",
  plugins: [remix({ future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true } })],
  build: { target: "es2022" },
});
`,
  "app/root.tsx": `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="vi">
      <head><meta charSet="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><Meta /><Links /></head>
      <body>{children}<ScrollRestoration /><Scripts /></body>
    </html>
  );
}
export default function App() { return <Outlet />; }
`,
  "app/routes/_index.tsx": `import { useLoaderData } from "@remix-run/react";
export const meta = () => [{ title: "Bare" }];
export async function loader() {
  return { rows: Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), code: "PT-" + String(i + 1).padStart(4, "0"), title: "Phóng sự số " + (i + 1) + " về nông thôn mới", outlet: "Báo Hải Dương", status: i % 3 ? "Đã nộp" : "Hợp lệ" })) };
}
export default function Index() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Tác phẩm</h1>
      <table>
        <thead><tr><th>Mã</th><th>Tên</th><th>Cơ quan</th><th>Trạng thái</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.id}><td>{r.code}</td><td>{r.title}</td><td>{r.outlet}</td><td>{r.status}</td></tr>)}</tbody>
      </table>
    </main>
  );
}
`,
  "server.mjs": `import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
const build = await import("./build/server/index.js");
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
// For the bench's memory breakdown (the app reports the same figures on /metrics).
app.get("/__memory", (_req, res) => res.json(process.memoryUsage()));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare ready"));
`,
};

function buildBare(): string {
  const dir = path.join(tmp, "bare");
  const hash = createHash("sha256").update(JSON.stringify(BARE_FILES)).digest("hex");
  const stamp = path.join(dir, ".built");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(BARE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  console.log("Building the bare Remix app into tests/.tmp/bare…");
  execFileSync(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: dir, stdio: "inherit" });
  fs.writeFileSync(stamp, hash);
  return dir;
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer ${url}`);
}

async function portFree(port: number) {
  if (
    await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`Port ${port} is already in use; set BENCH_PORT to a free one.`);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

// ---------------------------------------------------------------------------------------------
// The database: a fresh PostgreSQL database of our own, or a fresh PGlite directory.
const adminUrl = process.env.BENCH_DATABASE_URL;
const dbName = `gbc_pages_${randomBytes(4).toString("hex")}`;
const dataDir = fs.mkdtempSync(path.join(tmp, "pages-"));
let databaseUrl = "";
if (adminUrl) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE "${dbName}"`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}
const engine = adminUrl ? "postgres" : "pglite";

const children: ChildProcess[] = [];
async function cleanup() {
  await Promise.all(children.map(stop));
  if (adminUrl) {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await a.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Adds `n` submitted entries to the demo contest, straight to the database (not measured). */
async function seedBig(n: number) {
  let db: PrismaClient;
  let close: () => Promise<void>;
  if (databaseUrl) {
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    close = () => db.$disconnect();
  } else {
    const h = await openPglite(path.join(dataDir, "pglite"));
    db = new PrismaClient({ adapter: h.adapter });
    close = async () => {
      await db.$disconnect();
      await h.close();
    };
  }
  const contest = await db.contest.findUniqueOrThrow({ where: { slug: DEMO_SLUG }, include: { categories: true } });
  const submitter = await db.user.findFirstOrThrow({ where: { email: "phongvien1@giaibaochi.test" } });
  const agencies = ["Báo Hải Dương", "Đài PT-TH Hải Dương", "Báo Nhân Dân", "Báo Lao Động", "VTV"];
  for (let b = 0; b < n; b += 1000) {
    const entries = [];
    const parts = [];
    const authors = [];
    for (let i = b; i < Math.min(n, b + 1000); i++) {
      const id = `big-${i}-${randomBytes(3).toString("hex")}`;
      const cat = contest.categories[i % contest.categories.length]!;
      entries.push({
        id,
        contestId: contest.id,
        categoryId: cat.id,
        submitterId: submitter.id,
        code: `${cat.codePrefix}-B${String(i).padStart(5, "0")}`,
        title: `Phóng sự số ${i}`,
        outlet: agencies[i % agencies.length]!,
        status: (["SUBMITTED", "ELIGIBLE", "INELIGIBLE"] as const)[i % 3],
        channel: "ONLINE" as const,
        submittedAt: new Date(Date.UTC(2021, 9, 1) + i * 60_000),
      });
      parts.push({
        entryId: id,
        position: 1,
        publishedOn: new Date(Date.UTC(2021, i % 9, 1 + (i % 27))),
        url: `https://bao.example.test/${i}`,
      });
      const agency = agencies[(i * 3) % agencies.length]!;
      authors.push({
        entryId: id,
        position: 1,
        fullName: `Nguyễn Văn ${i}`,
        agency,
        agencyNormalized: normalizeName(agency),
        email: `tacgia${i}@example.test`,
        shareBp: 10_000,
      });
    }
    await db.entry.createMany({ data: entries });
    await db.entryPart.createMany({ data: parts });
    await db.entryAuthor.createMany({ data: authors });
  }
  await close();
}

// ---------------------------------------------------------------------------------------------
interface Result {
  rps: number;
  p99: number;
  bad: number;
  cpuPerReq: number;
}

/** `pid` is the server under load: its CPU time per request barely moves with the machine's load. */
function load(url: string, headers: Record<string, string>, pid?: number): Promise<Result> {
  const cpu0 = pid ? cpuMs(pid) : 0;
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: 10, duration: SECONDS, headers: { "accept-encoding": "gzip", ...headers } },
      (err, r) => {
        if (err) return reject(err);
        const cpuPerReq = pid ? (cpuMs(pid) - cpu0) / Math.max(1, r.requests.total) : NaN;
        resolve({ rps: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, cpuPerReq });
      },
    );
  });
}

async function login(base: string, email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" });
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("gbc_session="));
  if (!cookie) throw new Error(`login as ${email} failed (${res.status})`);
  return cookie.split(";")[0]!;
}

/** First-load JS of a route: entry + root + route modules and their imports + the page's catalogue, gzipped. */
function firstLoadJsKiB(routeId: string): number {
  const assets = path.join(root, "build/client/assets");
  const file = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) return NaN;
  const text = fs.readFileSync(path.join(assets, file), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports: string[] };
    routes: Record<string, { module: string; imports?: string[] }>;
  };
  const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  for (const id of ["root", routeId]) {
    const r = manifest.routes[id];
    if (!r) throw new Error(`route ${id} not in the manifest`);
    files.add(r.module);
    for (const i of r.imports ?? []) files.add(i);
  }
  files.add(`/assets/${file}`);
  // The page's catalogue (Vietnamese, the larger one), which entry.client loads before
  // hydrating, and the chunks it imports.
  const pending = fs.readdirSync(assets).filter((f) => /^catalogue\.vi-.*\.js$/.test(f));
  while (pending.length) {
    const f = pending.pop()!;
    if (files.has(`/assets/${f}`)) continue;
    files.add(`/assets/${f}`);
    const code = fs.readFileSync(path.join(assets, f), "utf8");
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) pending.push(m[1]!);
  }
  let bytes = 0;
  for (const f of files) bytes += gzipSync(fs.readFileSync(path.join(root, "build/client", f))).length;
  return bytes / 1024;
}

try {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) throw new Error("Run `npm run build` first.");
  const bareDir = buildBare();
  await portFree(PORT);
  await portFree(PORT + 1);

  const bare = spawn(process.execPath, ["server.mjs"], {
    cwd: bareDir,
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT + 1) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(bare);
  const bareUrl = `http://127.0.0.1:${PORT + 1}/`;

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    SEED_DEMO: "1",
    LOG_REQUESTS: "0",
    SMTP_URL: "",
    APP_URL: `http://127.0.0.1:${PORT}`,
  };
  if (BIG) {
    // Migrate and seed the demo without serving, add the entries, then serve.
    execFileSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/migrate.ts", "deploy"], {
      cwd: root,
      env: appEnv,
      stdio: "ignore",
    });
    execFileSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts", "--if-empty"], {
      cwd: root,
      env: appEnv,
      stdio: "ignore",
    });
    console.log(`Adding ${BIG} entries to the demo contest…`);
    await seedBig(BIG);
  }
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=tests/.tmp/prof" profiles the app under the load.
  // The app runs with the node flags and environment of `npm start` (package.json), as in production.
  const start = startCommand();
  const nodeArgs = [...start.nodeArgs, ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const app = spawn(process.execPath, [...nodeArgs, "scripts/start.mjs"], {
    cwd: root,
    env: { ...appEnv, ...start.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(app);
  const base = `http://127.0.0.1:${PORT}`;
  await waitFor(`${base}/healthz`, app, "app");
  await waitFor(bareUrl, bare, "bare app");

  const organizer = await login(base, "bantochuc@giaibaochi.test");
  const judge = await login(base, "giamkhao1@giaibaochi.test");
  const journalist = await login(base, "phongvien1@giaibaochi.test");
  const pages = [
    { name: "/", path: "/", cookie: "" },
    { name: "/contests/<slug>", path: `/contests/${DEMO_SLUG}`, cookie: "" },
    { name: "/organizer/<slug>/entries", path: `/organizer/${DEMO_SLUG}/entries`, cookie: organizer },
    { name: "/organizer/<slug>", path: `/organizer/${DEMO_SLUG}`, cookie: organizer },
    { name: "/judge", path: "/judge", cookie: judge },
    { name: "/me/entries", path: "/me/entries", cookie: journalist },
  ].filter((p) => !process.env.BENCH_PAGES || process.env.BENCH_PAGES.split(",").includes(p.name));
  for (const p of pages) {
    const res = await fetch(base + p.path, { headers: { cookie: p.cookie }, redirect: "manual" });
    if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}, not 200`);
  }

  // Warm both servers (JIT, caches), then measure each page right after the bare route.
  await load(bareUrl, {});
  for (const p of pages) await load(base + p.path, { cookie: p.cookie });
  const rows = new Map<
    string,
    { rps: number[]; p99: number[]; ratio: number[]; bareRps: number[]; bad: number; cpu: number[]; bareCpu: number[] }
  >();
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of pages) {
      const b = await load(bareUrl, {}, bare.pid);
      const a = await load(base + p.path, { cookie: p.cookie }, app.pid);
      const row = rows.get(p.name) ?? { rps: [], p99: [], ratio: [], bareRps: [], bad: 0, cpu: [], bareCpu: [] };
      row.cpu.push(a.cpuPerReq);
      row.bareCpu.push(b.cpuPerReq);
      row.rps.push(a.rps);
      row.p99.push(a.p99);
      row.bareRps.push(b.rps);
      row.ratio.push(a.rps / b.rps);
      row.bad += a.bad;
      rows.set(p.name, row);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const spread = (xs: number[]) =>
    xs.length > 1 ? ` (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})` : "";
  console.log(
    `\nPages on ${engine}${BIG ? ` (+${BIG} entries)` : ""}: 10 connections, ${SECONDS} s each, ${ROUNDS} round(s), interleaved with the bare route; ratio = median of the rounds (their range)`,
  );
  for (const [name, row] of rows) {
    console.log(
      `  ${name.padEnd(28)} ${mean(row.rps).toFixed(0).padStart(5)} req/s  p99 ${Math.max(...row.p99)
        .toFixed(0)
        .padStart(4)} ms  ` +
        `bare ${mean(row.bareRps).toFixed(0).padStart(5)} req/s  ratio ${median(row.ratio).toFixed(2)}${spread(row.ratio)}  ` +
        `CPU ${mean(row.cpu).toFixed(1)} ms/req (bare ${mean(row.bareCpu).toFixed(1)}, ratio ${median(row.cpu.map((c, i) => row.bareCpu[i]! / c)).toFixed(2)})` +
        `${row.bad ? `  (${row.bad} non-2xx/errors!)` : ""}`,
    );
  }
  const rss = rssMiB(app.pid!);
  console.log(
    `  app RSS after the load: ${rss.now} MiB (peak ${rss.peak} MiB); bare app: ${rssMiB(bare.pid!).now} MiB`,
  );
  console.log(`  app memory map (MiB): ${memoryMap(app.pid!)}`);
  if (process.env.BENCH_SMAPS) fs.writeFileSync(process.env.BENCH_SMAPS, fs.readFileSync(`/proc/${app.pid}/smaps`));
  if (process.env.BENCH_HEAPSNAPSHOT) {
    // With BENCH_NODE_ARGS=--heapsnapshot-signal=SIGUSR2: what the live heap is made of after the
    // load (a snapshot collects garbage first). Written to the app's working directory.
    const before = new Set(fs.readdirSync(root));
    process.kill(app.pid!, "SIGUSR2");
    let file = "";
    for (let size = -1; ;) {
      await new Promise((r) => setTimeout(r, 2000));
      file ||= fs.readdirSync(root).find((f) => f.endsWith(".heapsnapshot") && !before.has(f)) ?? "";
      const now = file ? fs.statSync(path.join(root, file)).size : -1;
      if (file && now === size) break;
      size = now;
    }
    console.log(`  heap snapshot: ${file}; app RSS after it ${rssMiB(app.pid!).now} MiB`);
  }
  // Where the memory is: V8's heap (used of total, by space), memory outside it (buffers, zlib,
  // wasm), the rest of RSS being code, stacks and the allocator's slack.
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
  const gauge = (name: string) => Number(metrics.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? NaN);
  const spaces = ["new", "old", "code", "large_object"]
    .map((sp) => `${sp} ${mib(gauge(`nodejs_heap_space_size_used_bytes\\{space="${sp}"\\}`))}`)
    .join(", ");
  console.log(
    `  app memory: heap ${mib(gauge("nodejs_heap_size_used_bytes"))} used of ${mib(gauge("nodejs_heap_size_total_bytes"))} MiB ` +
      `(${spaces}), external ${mib(gauge("nodejs_external_memory_bytes"))} MiB`,
  );
  const bm = (await fetch(`${bareUrl}__memory`).then((r) => r.json())) as NodeJS.MemoryUsage;
  console.log(
    `  bare memory: heap ${mib(bm.heapUsed)} used of ${mib(bm.heapTotal)} MiB, external ${mib(bm.external)} MiB ` +
      `(array buffers ${mib(bm.arrayBuffers)})`,
  );
  console.log(
    `  judge scoring page first-load JS: ${firstLoadJsKiB("routes/judge.rounds.$roundId.entries.$entryId").toFixed(1)} KiB gzipped`,
  );
} finally {
  await cleanup();
}

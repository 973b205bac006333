// `npm start`: migrate, seed the demo when the embedded database is empty, build when the sources are
// newer than the build, then serve. Each step runs in its own process and releases the
// embedded database before the next one opens it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

function run(label, cmd, args, extraEnv = {}) {
  const t = Date.now();
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (res.status !== 0) {
    console.error(`✖ ${label} failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status ?? 1);
  }
  console.log(`✔ ${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.name === "generated") continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const out = "build/server/index.js";
  if (!fs.existsSync(out)) return true;
  const built = fs.statSync(out).mtimeMs;
  const sources = Math.max(
    newestMtime("app"),
    newestMtime("public"),
    ...["vite.config.ts", "package.json"].map((f) => fs.statSync(f).mtimeMs),
  );
  return sources > built;
}

const tsx = path.join(root, "node_modules/.bin/tsx");
if (!fs.existsSync("app/generated/prisma/client.ts")) {
  run("Prisma client", "npm", ["run", "-s", "prisma:generate"]);
}
run("Database migrations", tsx, ["prisma/migrate.ts", "deploy"]);
// prisma/seed.ts decides: the demo only on the embedded database (or with SEED_DEMO=1), never on
// a DATABASE_URL by default, since its accounts' password is printed in README.
if (process.env.SEED_DEMO !== "0") run("Demo data", tsx, ["prisma/seed.ts", "--if-empty"]);
if (needsBuild()) run("Build", "npx", ["remix", "vite:build"]);

process.env.NODE_ENV = "production";
await import(path.join(root, "server.mjs"));

/**
 * The newcomer's path: `npm start`'s script on a fresh embedded database migrates, seeds, serves
 * the contest, keeps the data directory locked against a second process, and shuts down cleanly.
 * PGlite only (it is what `npm start` uses without DATABASE_URL).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "#tests/support/test-db.ts";

const PORT = 3300 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${PORT}`;

describe.skipIf(testEngine !== "pglite")("npm start on embedded PGlite", () => {
  let dataDir: string;
  let server: ChildProcess;
  let output = "";

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-start-"));
    if (!fs.existsSync("build/server/index.js")) {
      spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
    }
    server = spawn("node", ["scripts/start.mjs"], {
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        SMTP_URL: "",
        LOG_REQUESTS: "0",
      },
    });
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  afterAll(() => {
    if (server.exitCode === null) server.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the seeded contest with its prize table", async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain("Hải Dương vượt khó – tăng tốc");
    expect(html).toContain("30.000.000 ₫");
  });

  it("ignores a client's own X-Forwarded-For, so the per-IP login limit cannot be dodged", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await fetch(`${base}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `203.0.113.${i}` },
        body: new URLSearchParams({ email: `khach-${i}@example.test`, password: "sai-mat-khau" }),
        redirect: "manual",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("refuses a second process on the same data directory with a clear message", () => {
    const cli = spawnSync("npx", ["tsx", "app/cli/award.ts", "list-contests"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain("is in use by another process");
  });

  it("shuts down on SIGTERM, releasing the lock so the CLI can open the data", async () => {
    const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(fs.existsSync(`${path.join(dataDir, "pglite")}.lock`)).toBe(false);
    const cli = spawnSync("npx", ["tsx", "app/cli/award.ts", "list-contests"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(cli.stderr).not.toContain("in use");
    expect(cli.stdout).toContain("hai-duong-2021");
    expect(cli.status).toBe(0);
  });

  it("behind TRUST_PROXY=1 keys the login limit on the right-most hop, not on the client-chosen left entries", async () => {
    const proxied = spawn("node", ["scripts/start.mjs"], {
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        SMTP_URL: "",
        LOG_REQUESTS: "0",
        TRUST_PROXY: "1",
        TRUST_PROXY_HOPS: "1",
      },
    });
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (Date.now() > deadline) throw new Error("server did not start");
        if (
          await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 300));
      }
      // As a proxy would forward it: whatever the client put first, then the address the proxy saw.
      const login = (xff: string, i: number) =>
        fetch(`${base}/login`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": xff },
          body: new URLSearchParams({ email: `khach-proxy-${i}@example.test`, password: "sai-mat-khau" }),
          redirect: "manual",
        }).then((r) => r.status);
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push(await login(`10.66.0.${i}, 198.51.100.7`, i));
      expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
      expect(statuses[30]).toBe(429);
      // Another office behind the same proxy is not affected.
      expect(await login("198.51.100.8", 99)).toBe(400);
    } finally {
      const exited = new Promise((r) => proxied.on("exit", r));
      proxied.kill("SIGTERM");
      await exited;
    }
  });
});

/**
 * Operations endpoints of a running server (scripts/start.mjs on a PostgreSQL database): /healthz
 * (alive), /readyz (database answers), /metrics (Prometheus, token-protected), JSON request logs
 * with a request id that is echoed back and recorded on the audit rows the request writes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";

const PORT = 4180 + Math.floor(Math.random() * 10);
const base = `http://127.0.0.1:${PORT}`;
const TOKEN = "metrics-token-for-tests-0123456789";

describe.skipIf(testEngine !== "postgres")("operations endpoints on PostgreSQL", () => {
  let t: TestDb;
  let server: ChildProcess;
  let output = "";

  beforeAll(async () => {
    t = await createTestDb();
    server = spawn("node", ["scripts/start.mjs"], {
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATABASE_URL: t.databaseUrl,
        SEED_DEMO: "0",
        SMTP_URL: "",
        METRICS_TOKEN: TOKEN,
        LOG_REQUESTS: "1",
      },
    });
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    await t?.close();
  });

  it("answers liveness and readiness", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready");
  });

  it("serves Prometheus metrics only with the token", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(403);
    // Read the body: the request counts once the response has finished.
    await (await fetch(`${base}/login`)).text();
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const loginLine = text
      .split("\n")
      .find(
        (l) => l.startsWith("gbc_http_requests_total{") && l.includes('area="login"') && l.includes('method="GET"'),
      );
    expect(loginLine, text.slice(0, 3000)).toMatch(/status="200".*\} [1-9]/);
    expect(text).toContain("gbc_http_request_duration_seconds_bucket");
    expect(text).toMatch(/^gbc_mail_outbox_pending 0$/m);
    expect(text).toMatch(/^gbc_mail_failed 0$/m);
    expect(text).toMatch(/^gbc_uploads_in_staging \d+$/m);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("logs JSON lines with a request id, echoes it, and records it on the request's audit rows", async () => {
    const requestId = `req-${Date.now()}-abcdef`;
    const email = `ops-${Date.now()}@example.test`;
    const res = await fetch(`${base}/register`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Request-Id": requestId },
      body: new URLSearchParams({
        name: "Nguyễn Văn Vận Hành",
        email,
        phone: "0912345678",
        password: "MatKhau-2026",
        confirm: "MatKhau-2026",
        consent: "on",
      }),
    });
    expect(res.headers.get("x-request-id")).toBe(requestId);
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.register", targetId: user.id } });
    expect(event.requestId).toBe(requestId);
    // A made-up id that is not a safe token is replaced by a fresh one.
    const other = await fetch(`${base}/healthz`, { headers: { "X-Request-Id": "bad id\n" } });
    expect(other.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 200));
    const line = output.split("\n").find((l) => l.includes(requestId));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 30, requestId, method: "POST", url: "/register", msg: "request" });
  });
});

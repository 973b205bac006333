// Operations endpoints and logs for server.mjs, kept out of it so its other concerns stay small:
// - structured JSON request logs (pino) with a request id, also sent back as X-Request-Id and
//   handed to the app (audit rows record it) through an AsyncLocalStorage on globalThis;
// - GET /healthz (liveness: the process answers) stays a Remix route; GET /readyz (readiness:
//   the database answers) here;
// - GET /metrics in Prometheus format (prom-client): requests, latency, mail outbox depth, failed
//   mails, unfinished uploads in staging. Only with `Authorization: Bearer $METRICS_TOKEN` when
//   METRICS_TOKEN is set, otherwise only from loopback (see docs/operations.md for nginx).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import client from "prom-client";

/** The same instance app/server/shared/request-context.server.ts reads (one per process). */
const KEY = Symbol.for("giai-bao-chi.request-context");
const als = (globalThis[KEY] ??= new AsyncLocalStorage());

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "giai-bao-chi" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * @param {import("express").Express} app
 * @param {{ ready(): Promise<void>, gauges(): Promise<{ outboxPending: number, outboxFailed: number, uploadsInStaging: number }> }} runtime
 */
export function installObservability(app, runtime) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: "gbc_http_requests_total",
    help: "HTTP requests by method, area (first path segment) and status",
    labelNames: ["method", "area", "status"],
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "gbc_http_request_duration_seconds",
    help: "HTTP request duration by method and area",
    labelNames: ["method", "area"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gauge = (name, help) => new client.Gauge({ name, help, registers: [registry] });
  const outboxPending = gauge("gbc_mail_outbox_pending", "Mails waiting in the outbox");
  const outboxFailed = gauge("gbc_mail_failed", "Mails that failed for good (status FAILED)");
  const staging = gauge("gbc_uploads_in_staging", "Unfinished resumable uploads in staging");
  const logRequests = process.env.LOG_REQUESTS !== "0";

  app.use((req, res, next) => {
    const given = req.get("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Low-cardinality label: /organizer/<slug>/… → "organizer"; static assets → "assets".
      const area = (req.path.split("/")[1] || "root").slice(0, 30).replace(/[^a-z0-9_-]/gi, "_");
      requests.inc({ method: req.method, area, status: String(res.statusCode) });
      latency.observe({ method: req.method, area }, seconds);
      if (logRequests) {
        logger.info(
          {
            requestId,
            method: req.method,
            url: req.originalUrl.slice(0, 500),
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            ip: req.headers["x-forwarded-for"] ?? req.socket.remoteAddress,
          },
          "request",
        );
      }
    });
    als.run({ requestId }, next);
  });

  app.get("/readyz", async (_req, res) => {
    try {
      await runtime.ready();
      res.status(200).type("text/plain").send("ready");
    } catch (err) {
      logger.warn({ err: String(err) }, "readiness check failed");
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  app.get("/metrics", async (req, res) => {
    const token = process.env.METRICS_TOKEN;
    const allowed = token
      ? req.get("authorization") === `Bearer ${token}`
      : LOOPBACK.has(req.socket.remoteAddress ?? "");
    if (!allowed) return res.status(403).type("text/plain").send("forbidden");
    try {
      const g = await runtime.gauges();
      outboxPending.set(g.outboxPending);
      outboxFailed.set(g.outboxFailed);
      staging.set(g.uploadsInStaging);
    } catch (err) {
      logger.warn({ err: String(err) }, "metrics: gauges unavailable");
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
}

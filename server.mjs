// HTTP server: Remix behind Express, plus the app's runtime services (database, and the mail
// sender and upload endpoints as they arrive). Production serves ./build; otherwise Vite's
// dev middleware. Started by `npm start` (scripts/start.mjs) or `npm run dev`.
import fs from "node:fs";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import { installObservability } from "./observability.mjs";
import { forwardedClient } from "./scripts/lib/forwarded-for.mjs";

const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const vite =
  mode === "production"
    ? undefined
    : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

const loadBuild = () => (vite ? vite.ssrLoadModule("virtual:remix/server-build") : import("./build/server/index.js"));

const build = await loadBuild();
/** @type {{ start(): Promise<{database: string}>, stop(): Promise<void>, mount?(app: import("express").Express): Promise<void>, ready(): Promise<void>, gauges(): Promise<{ outboxPending: number, outboxFailed: number, uploadsInStaging: number }> }} */
const runtime = build.entry.module.runtime;

let started;
try {
  started = await runtime.start();
} catch (err) {
  console.error(`\n✖ ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.use(compression());
if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Only for the few top-level public files: a stat per page request otherwise.
  const publicFiles = new Set(fs.readdirSync("build/client"));
  const publicStatic = express.static("build/client", { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path.split("/")[1]) ? publicStatic(req, res, next) : next()));
}
// Rate limits key on the client's address (clientIp reads X-Forwarded-For). Unless a trusted
// proxy sets that header (TRUST_PROXY=1), a client could send any value and dodge the limits,
// so it is replaced here by the socket's address. Behind TRUST_PROXY_HOPS proxies, the client is
// the right-most address those proxies did not write (entries further left are client-chosen).
const trustProxy = process.env.TRUST_PROXY === "1";
const proxyHops = Number(process.env.TRUST_PROXY_HOPS || 1);
app.use((req, _res, next) => {
  const socket = req.socket.remoteAddress ?? "";
  req.headers["x-forwarded-for"] = trustProxy
    ? forwardedClient(req.headers["x-forwarded-for"], socket, proxyHops)
    : socket;
  delete req.headers["x-real-ip"];
  next();
});
installObservability(app, runtime); // JSON logs with request ids, /readyz, /metrics
await runtime.mount?.(app);
app.all("*", createRequestHandler({ build: vite ? loadBuild : build, mode }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  const shown = host === "0.0.0.0" ? "localhost" : host;
  console.log(`Giải Báo chí listening on http://${shown}:${port} (${mode}, database: ${started.database})`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  // Stop taking requests, then close the database so PGlite flushes and releases its lock.
  const timer = setTimeout(() => process.exit(1), 10_000);
  server.close();
  server.closeAllConnections?.();
  try {
    await runtime.stop();
    await vite?.close();
  } finally {
    clearTimeout(timer);
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

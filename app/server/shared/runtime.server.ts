import path from "node:path";
import type { Express } from "express";
import { closeDb, getDb, getDbHandle } from "./db.server.ts";
import { env } from "./env.server.ts";
import { startMailSender, stopMailSender } from "./mail.server.ts";
import { requestGuard } from "./request-guard.server.ts";
import { getStorage, s3OptionsFromEnv } from "./storage.server.ts";
import { requestScope } from "./request-scope.server.ts";
import { createUploadService, TUS_PATH } from "../journalist/uploads.server.ts";
import { e2eClockEnabled, mountE2eClock } from "./e2e-clock.server.ts";

let sweeper: NodeJS.Timeout | undefined;
let uploadService: Awaited<ReturnType<typeof createUploadService>> | undefined;

/**
 * Process-wide services started and stopped by the HTTP server (server.mjs). Kept behind the
 * server build so the app and its background work share one database client.
 */
export const runtime = {
  async start(): Promise<{ database: string }> {
    env(); // validate the environment before anything else
    e2eClockEnabled(process.env); // a misplaced E2E_CLOCK flag stops the start, with a message
    const handle = await getDbHandle();
    // PGlite runs no autovacuum, so the planner's statistics would never be refreshed and plans
    // for large contests would go bad (10,000 entries): refresh them once per start.
    if (handle.kind === "pglite") await handle.db.$executeRawUnsafe("ANALYZE");
    startMailSender(handle.db);
    return { database: handle.kind };
  },
  /** Express routes that are not Remix routes (e.g. resumable uploads); awaited before Remix's. */
  async mount(app: Express): Promise<void> {
    // Only on the e2e server (E2E_CLOCK=1); never mounted otherwise.
    mountE2eClock(app);
    // Per-request memo (signed-in user, organized contest) shared by all of a page's loaders.
    app.use(requestScope);
    const uploads = (uploadService = await createUploadService({
      getDb,
      getStorage,
      directory: path.join(env().DATA_DIR, "tus"),
      // With S3, unfinished uploads are staged in the bucket too: any instance continues them.
      s3: s3OptionsFromEnv(),
      staging: { maxCount: env().UPLOAD_STAGING_MAX_COUNT, maxBytes: env().UPLOAD_STAGING_MAX_MB * 1024 ** 2 },
    }));
    // Not app.use: that would strip the prefix the tus server routes on.
    app.all([TUS_PATH, `${TUS_PATH}/*`], (req, res, next) => {
      uploads.handle(req, res).catch(next);
    });
    // Abandoned uploads would fill the disk: sweep them hourly.
    sweeper = setInterval(() => {
      uploads.sweep().catch((err) => console.error("[uploads] sweep failed:", err));
    }, 3_600_000);
    sweeper.unref();
    // After tus (which limits its own chunks), before Remix: bodies are checked before reading.
    app.use(requestGuard());
  },
  /** Readiness: the database answers (GET /readyz). */
  async ready(): Promise<void> {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
  },
  /** Figures for GET /metrics that live in the database or staging. */
  async gauges(): Promise<{ outboxPending: number; outboxFailed: number; uploadsInStaging: number }> {
    const db = await getDb();
    const [outboxPending, outboxFailed, uploadsInStaging] = await Promise.all([
      db.outboxMail.count({ where: { status: "PENDING" } }),
      db.outboxMail.count({ where: { status: "FAILED" } }),
      uploadService ? uploadService.unfinished().catch(() => 0) : 0,
    ]);
    return { outboxPending, outboxFailed, uploadsInStaging };
  },
  async stop(): Promise<void> {
    if (sweeper) clearInterval(sweeper);
    await stopMailSender();
    await closeDb();
  },
};

import type { Express } from "express";
import { closeDb, getDbHandle } from "./db.server.ts";
import { env } from "./env.server.ts";
import { startMailSender, stopMailSender } from "./mail.server.ts";

/**
 * Process-wide services started and stopped by the HTTP server (server.mjs). Kept behind the
 * server build so the app and its background work share one database client.
 */
export const runtime = {
  async start(): Promise<{ database: string }> {
    env(); // validate the environment before anything else
    const handle = await getDbHandle();
    startMailSender(handle.db);
    return { database: handle.kind };
  },
  /** Express routes that are not Remix routes (e.g. resumable uploads). */
  mount(_app: Express): void {},
  async stop(): Promise<void> {
    await stopMailSender();
    await closeDb();
  },
};

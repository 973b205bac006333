import { closeDb, getDbHandle } from "./db.server.ts";
import { env } from "./env.server.ts";

/**
 * Process-wide services started and stopped by the HTTP server (server.mjs). Kept behind the
 * server build so the app and its background work share one database client.
 */
export const runtime = {
  async start(): Promise<{ database: string }> {
    env(); // validate the environment before anything else
    const handle = await getDbHandle();
    return { database: handle.kind };
  },
  async stop(): Promise<void> {
    await closeDb();
  },
};

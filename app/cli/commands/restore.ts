import path from "node:path";
import { restore } from "#app/server/shared/backup.server.ts";
import { getDbHandle } from "#app/server/shared/db.server.ts";
import { getStorage } from "#app/server/shared/storage.server.ts";
import { migrateDeploy } from "#prisma/migrator.ts";

/**
 * `npm run award -- restore <dir>`: into an EMPTY database and storage (a fresh DATABASE_URL
 * database or DATA_DIR). Migrates it first; refuses a non-empty database.
 */
export async function run(args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir || args.length !== 1) {
    console.error("Usage: npm run award -- restore <backup folder>");
    return 2;
  }
  await migrateDeploy({ log: console.log });
  const handle = await getDbHandle();
  console.log(`Restoring ${path.resolve(dir)} into ${handle.kind} …`);
  const m = await restore(handle.db, getStorage(), dir, { log: console.log });
  console.log(`Done: backup of ${m.createdAt} restored (${m.files.length} files).`);
  return 0;
}

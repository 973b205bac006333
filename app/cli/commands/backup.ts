import path from "node:path";
import { backup } from "#app/server/shared/backup.server.ts";
import { getDbHandle } from "#app/server/shared/db.server.ts";
import { getStorage } from "#app/server/shared/storage.server.ts";

/**
 * `npm run award -- backup <dir>`: database (logical export, one consistent snapshot) and files.
 * On PostgreSQL it runs beside the live server; on the embedded PGlite stop the server first.
 */
export async function run(args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir || args.length !== 1) {
    console.error("Usage: npm run award -- backup <empty or new folder>");
    return 2;
  }
  const handle = await getDbHandle();
  console.log(`Backing up (${handle.kind}) into ${path.resolve(dir)} …`);
  const m = await backup(handle.db, getStorage(), dir, { engine: handle.kind, log: console.log });
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`Done: ${rows} rows in ${Object.keys(m.tables).length} tables, ${m.files.length} files.`);
  if (m.missingFiles.length) console.warn(`Warning: ${m.missingFiles.length} stored file(s) were missing in storage: ${m.missingFiles.join(", ")}`);
  return 0;
}

import path from "node:path";
import { backup } from "#app/server/shared/backup.server.ts";
import { getDbHandle } from "#app/server/shared/db.server.ts";
import { getStorage } from "#app/server/shared/storage.server.ts";
import { cliI18n } from "../i18n.ts";

/**
 * `npm run award -- backup <dir>`: database (logical export, one consistent snapshot) and files.
 * On PostgreSQL it runs beside the live server; on the embedded PGlite stop the server first.
 */
export async function run(argv: string[]): Promise<number> {
  const { t, args } = cliI18n(argv);
  const dir = args[0];
  if (!dir || args.length !== 1) {
    console.error(t("backup.usage"));
    return 2;
  }
  const handle = await getDbHandle();
  console.log(t("backup.start", { engine: handle.kind, dir: path.resolve(dir) }));
  const m = await backup(handle.db, getStorage(), dir, { engine: handle.kind, log: console.log });
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(t("backup.done", { rows, tables: Object.keys(m.tables).length, files: m.files.length }));
  if (m.missingFiles.length)
    console.warn(t("backup.missing", { count: m.missingFiles.length, files: m.missingFiles.join(", ") }));
  return 0;
}

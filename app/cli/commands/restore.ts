import path from "node:path";
import { restore } from "#app/server/shared/backup.server.ts";
import { getDbHandle } from "#app/server/shared/db.server.ts";
import { getStorage } from "#app/server/shared/storage.server.ts";
import { migrateDeploy } from "#prisma/migrator.ts";
import { cliI18n } from "../i18n.ts";

/**
 * `npm run award -- restore <dir>`: into an EMPTY database and storage (a fresh DATABASE_URL
 * database or DATA_DIR). Migrates it first; refuses a non-empty database.
 */
export async function run(argv: string[]): Promise<number> {
  const { t, args } = cliI18n(argv);
  const dir = args[0];
  if (!dir || args.length !== 1) {
    console.error(t("restore.usage"));
    return 2;
  }
  await migrateDeploy({ log: console.log });
  const handle = await getDbHandle();
  console.log(t("restore.start", { dir: path.resolve(dir), engine: handle.kind }));
  const m = await restore(handle.db, getStorage(), dir, { log: console.log });
  console.log(t("restore.done", { createdAt: m.createdAt, files: m.files.length }));
  return 0;
}

import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, createGunzip } from "node:zlib";
import readline from "node:readline";
import type { Db } from "./db.server.ts";
import type { Storage } from "./storage.server.ts";

/**
 * Backups: a logical export of every table through the app's own database connection, plus the
 * stored files, into a plain folder:
 *
 *   manifest.json            format, time, migrations, row counts, files with size and sha256
 *   db/<Table>.jsonl.gz      one row per line, as PostgreSQL's row_to_json wrote it
 *   files/<storage key>      the bytes of every stored file
 *
 * On PostgreSQL the export runs in one REPEATABLE READ, READ ONLY transaction: one consistent
 * snapshot while the server keeps serving. On the embedded PGlite the data directory is locked by
 * the running server, so a backup there means: stop the server, back up, start it again.
 * Restore goes into an empty, migrated database at the same migration level.
 */
export const BACKUP_FORMAT = 1;
const PAGE = 2000;

export interface BackupManifest {
  format: number;
  createdAt: string;
  engine: string;
  migrations: string[];
  tables: Record<string, number>;
  files: { key: string; size: number; sha256: string }[];
  /** Rows whose bytes were not found in storage at backup time (e.g. deleted meanwhile). */
  missingFiles: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's tables, parents before children (foreign keys), without Prisma's own. */
async function tablesInOrder(db: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0]): Promise<string[]> {
  const tables = (
    await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' ORDER BY c.relname`,
    )
  ).map((r) => r.name);
  const edges = await db.$queryRawUnsafe<{ child: string; parent: string }[]>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname <> p.relname`,
  );
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t)) return;
    if (stack.has(t)) throw new Error(`Foreign-key cycle at ${t}: cannot order the restore`);
    stack.add(t);
    for (const e of edges) if (e.child === t) visit(e.parent, stack);
    stack.delete(t);
    seen.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return order;
}

async function appliedMigrations(db: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.migration_name);
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(fs.createReadStream(file), h);
  return h.digest("hex");
}

/** Writes a backup of `db` and `storage` into `dir` (created; must be empty or absent). */
export async function backup(
  db: Db,
  storage: Storage,
  dir: string,
  opts: { engine: string; log?: (s: string) => void } = { engine: "postgres" },
): Promise<BackupManifest> {
  const log = opts.log ?? (() => {});
  await fsp.mkdir(dir, { recursive: true });
  if ((await fsp.readdir(dir)).length) throw new Error(`${dir} is not empty: choose a new folder for each backup`);
  await fsp.mkdir(path.join(dir, "db"));
  const tables: Record<string, number> = {};
  let migrations: string[] = [];
  const fileRows: { storageKey: string }[] = [];
  await db.$transaction(
    async (tx) => {
      migrations = await appliedMigrations(tx);
      for (const table of await tablesInOrder(tx)) {
        const gz = createGzip();
        const out = fs.createWriteStream(path.join(dir, "db", `${table}.jsonl.gz`));
        const done = pipeline(gz, out);
        let n = 0;
        // ctid order is stable inside one snapshot, so the pages neither skip nor repeat rows.
        for (let offset = 0; ; offset += PAGE) {
          const rows = await tx.$queryRawUnsafe<{ j: string }[]>(
            `SELECT row_to_json(t)::text AS j FROM ${q(table)} t ORDER BY ctid LIMIT ${PAGE} OFFSET ${offset}`,
          );
          for (const r of rows) {
            if (!gz.write(`${r.j}\n`)) await new Promise((res) => gz.once("drain", res));
          }
          n += rows.length;
          if (rows.length < PAGE) break;
        }
        gz.end();
        await done;
        tables[table] = n;
        log(`  ${table}: ${n}`);
      }
      fileRows.push(
        ...(await tx.storedFile.findMany({ select: { storageKey: true }, orderBy: { storageKey: "asc" } })),
      );
    },
    { isolationLevel: "RepeatableRead", timeout: 30 * 60_000, maxWait: 60_000 },
  );
  // Files after the snapshot: rows only ever point at bytes written before them.
  const files: BackupManifest["files"] = [];
  const missingFiles: string[] = [];
  for (const { storageKey } of fileRows) {
    if (!(await storage.stat(storageKey))) {
      missingFiles.push(storageKey);
      continue;
    }
    const target = path.join(dir, "files", storageKey);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await pipeline(await storage.read(storageKey), fs.createWriteStream(target));
    files.push({ key: storageKey, size: (await fsp.stat(target)).size, sha256: await sha256File(target) });
  }
  log(`  files: ${files.length}${missingFiles.length ? ` (${missingFiles.length} missing in storage)` : ""}`);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    engine: opts.engine,
    migrations,
    tables,
    files,
    missingFiles,
  };
  // Written last: a folder without manifest.json is an unfinished backup.
  await fsp.writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, "manifest.json");
  if (!fs.existsSync(file)) throw new Error(`${dir} has no manifest.json: not a finished backup`);
  const m = JSON.parse(await fsp.readFile(file, "utf8")) as BackupManifest;
  if (m.format !== BACKUP_FORMAT)
    throw new Error(`Backup format ${m.format} is not supported (expected ${BACKUP_FORMAT})`);
  return m;
}

/**
 * Restores a backup into `db` (migrated to the same migrations, and empty) and `storage`. Every
 * file is checked against its sha256 before the database is touched; the rows go in one
 * transaction, so a failed restore leaves the database empty.
 */
export async function restore(
  db: Db,
  storage: Storage,
  dir: string,
  opts: { log?: (s: string) => void } = {},
): Promise<BackupManifest> {
  const log = opts.log ?? (() => {});
  const m = await readManifest(dir);
  const here = await appliedMigrations(db);
  if (JSON.stringify(here) !== JSON.stringify(m.migrations)) {
    throw new Error(
      `The database's migrations differ from the backup's. Backup: ${m.migrations.join(", ")}; database: ${here.join(", ") || "(none)"}. ` +
        `Restore with the app version that made the backup (same prisma/migrations), then upgrade.`,
    );
  }
  const order = await tablesInOrder(db);
  for (const table of order) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${q(table)}`);
    if (rows[0]!.n > 0)
      throw new Error(`The database is not empty (${table} has rows): restore only into an empty database`);
  }
  for (const f of m.files) {
    const file = path.join(dir, "files", f.key);
    if (!fs.existsSync(file) || (await sha256File(file)) !== f.sha256)
      throw new Error(`File ${f.key} in the backup is missing or damaged (sha256 differs)`);
  }
  await db.$transaction(
    async (tx) => {
      for (const table of order) {
        const file = path.join(dir, "db", `${table}.jsonl.gz`);
        if (!fs.existsSync(file)) {
          if (m.tables[table]) throw new Error(`db/${table}.jsonl.gz is missing`);
          continue;
        }
        const lines = readline.createInterface({
          input: fs.createReadStream(file).pipe(createGunzip()),
          crlfDelay: Infinity,
        });
        let batch: string[] = [];
        let n = 0;
        const flush = async () => {
          if (!batch.length) return;
          // PostgreSQL turns the JSON back into typed rows itself (enums, arrays, jsonb, timestamps).
          await tx.$executeRawUnsafe(
            `INSERT INTO ${q(table)} SELECT * FROM json_populate_recordset(NULL::${q(table)}, $1::json)`,
            `[${batch.join(",")}]`,
          );
          n += batch.length;
          batch = [];
        };
        for await (const line of lines) {
          if (!line) continue;
          batch.push(line);
          if (batch.length >= 500) await flush();
        }
        await flush();
        if (n !== (m.tables[table] ?? 0))
          throw new Error(`${table}: restored ${n} rows, the backup has ${m.tables[table]}`);
        log(`  ${table}: ${n}`);
      }
      // Sequences (AuditEvent.id) continue after the restored rows.
      const seqs = await tx.$queryRawUnsafe<{ tbl: string; col: string; seq: string }[]>(
        `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
      );
      for (const s of seqs) {
        await tx.$executeRawUnsafe(
          `SELECT setval('${s.seq}', COALESCE((SELECT max(${q(s.col)}) FROM ${q(s.tbl)}), 0) + 1, false)`,
        );
      }
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  for (const f of m.files) await storage.importFile(f.key, await copyForImport(path.join(dir, "files", f.key)));
  log(`  files: ${m.files.length}`);
  return m;
}

/** importFile moves its source; restore must leave the backup intact, so hand it a copy. */
async function copyForImport(file: string): Promise<string> {
  const tmp = `${file}.restore-${process.pid}`;
  await fsp.copyFile(file, tmp);
  return tmp;
}

import type { DbTx } from "../shared/audit.server.ts";
import type { OwnEntry } from "./entries.server.ts";
import type { ReceiptEntry } from "./receipt.server.ts";
import { sessionRowSql, type SessionJson } from "../shared/session.server.ts";

/**
 * An entry with its contest, category, parts (with their live files) and authors — what
 * `include: entryInclude` (or `receiptInclude`, with the submitter) returns — in ONE round trip.
 * Prisma sends one query per relation (six, seven with the submitter), and the submit path does
 * this load twice, so at a deadline rush it was most of the database work and of the client's CPU
 * (each query is compiled, sent, parsed and stitched). The rows come back as JSON and are turned
 * into what Prisma would have returned (Dates, BigInts); an integration test compares the two
 * field by field, so a column added to one of these tables is caught there.
 */

// Columns Prisma returns as Date or BigInt (JSON has neither). Keep in step with schema.prisma;
// tests/integration/entry-load.test.ts fails when a table gains one that is missing here.
const DATES: Record<string, readonly string[]> = {
  Entry: ["postmarkDate", "receivedDate", "submittedAt", "withdrawnAt", "decidedAt", "createdAt", "updatedAt"],
  Contest: ["publicationStart", "publicationEnd", "submissionDeadline", "createdAt", "updatedAt"],
  Category: [],
  EntryPart: ["publishedOn"],
  StoredFile: ["createdAt", "deletedAt"],
  EntryAuthor: [],
  User: ["emailVerifiedAt", "disabledAt", "totpEnabledAt", "erasedAt", "createdAt", "updatedAt"],
};
const BIGINTS: Record<string, readonly string[]> = { StoredFile: ["sizeBytes", "judgeSizeBytes"] };

type Json = Record<string, unknown>;

function revive<T>(model: string, row: Json): T {
  for (const k of DATES[model] ?? []) if (row[k] != null) row[k] = new Date(row[k] as string);
  for (const k of BIGINTS[model] ?? []) if (row[k] != null) row[k] = BigInt(row[k] as number | string);
  return row as T;
}

interface Row {
  session?: SessionJson | null;
  entry: Json;
  contest: Json;
  category: Json;
  submitter: Json | null;
  parts: (Json & { files: Json[] })[];
  authors: Json[];
  rowVersion?: string;
}

async function load(
  tx: DbTx,
  entryId: string,
  opts: { submitter: boolean; lock: boolean; rowVersion?: boolean; tokenHash?: string },
): Promise<Row | undefined> {
  if (opts.tokenHash !== undefined) {
    // The session and the entry in one statement: the session row always (null when there is
    // none), the entry only when it exists and is the session user's own.
    const [row] = await tx.$queryRawUnsafe<Row[]>(
      `WITH s AS (${sessionRowSql("$2")})
       SELECT (SELECT to_jsonb(s) FROM s) AS session, x.* FROM (SELECT 1) one LEFT JOIN (${entrySql(opts, `AND e."submitterId" = (SELECT "userId" FROM s)`)}) x ON true`,
      entryId,
      opts.tokenHash,
    );
    return row;
  }
  const [row] = await tx.$queryRawUnsafe<Row[]>(entrySql(opts), entryId);
  return row;
}

function entrySql(opts: { submitter: boolean; lock: boolean; rowVersion?: boolean }, where = ""): string {
  // Same order as the includes: parts and authors by position, files by upload time.
  const sql = `
    SELECT to_jsonb(e) AS entry,
      (SELECT to_jsonb(c) FROM "Contest" c WHERE c."id" = e."contestId") AS contest,
      (SELECT to_jsonb(k) FROM "Category" k WHERE k."id" = e."categoryId") AS category,
      ${opts.submitter ? `(SELECT to_jsonb(u) FROM "User" u WHERE u."id" = e."submitterId")` : "NULL::jsonb"} AS submitter,
      COALESCE((SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('files', COALESCE((
          SELECT jsonb_agg(to_jsonb(f) ORDER BY f."createdAt") FROM "StoredFile" f
          WHERE f."partId" = p."id" AND f."deletedAt" IS NULL), '[]'::jsonb)) ORDER BY p."position")
        FROM "EntryPart" p WHERE p."entryId" = e."id"), '[]'::jsonb) AS parts,
      COALESCE((SELECT jsonb_agg(to_jsonb(a) ORDER BY a."position") FROM "EntryAuthor" a WHERE a."entryId" = e."id"), '[]'::jsonb) AS authors
      ${opts.rowVersion ? `, e."xmin"::text AS "rowVersion"` : ""}
    FROM "Entry" e WHERE e."id" = $1 ${where}${opts.lock ? ` FOR UPDATE OF e` : ""}`;
  return sql;
}

function assemble(row: Row) {
  return {
    ...revive<Json>("Entry", row.entry),
    contest: revive("Contest", row.contest),
    category: revive("Category", row.category),
    parts: row.parts.map(({ files, ...p }) => ({
      ...revive<Json>("EntryPart", p),
      files: files.map((f) => revive("StoredFile", f)),
    })),
    authors: row.authors.map((a) => revive("EntryAuthor", a)),
  };
}

/** As `findUnique({ where: { id }, include: entryInclude })`. */
export async function loadEntry(tx: DbTx, entryId: string): Promise<OwnEntry | null> {
  const row = await load(tx, entryId, { submitter: false, lock: false });
  return row ? (assemble(row) as unknown as OwnEntry) : null;
}

/**
 * Locks the entry row for the caller's transaction and moves its version (`xmin`, and
 * `updatedAt`): a change to its files is a change to the entry, so an optimistic submit that read
 * it before fails and re-reads. Reads must come in LATER statements: a statement that waited for
 * the lock still sees the other tables (the files) as they were when it started.
 * False: no such entry.
 */
export async function lockEntryForChange(tx: DbTx, entryId: string, at: Date): Promise<boolean> {
  const n = await tx.$executeRaw`UPDATE "Entry" SET "updatedAt" = ${at}::timestamptz WHERE "id" = ${entryId}`;
  return n > 0;
}

/**
 * As `findUnique({ where: { id }, include: receiptInclude })`, locking the entry row
 * (`FOR UPDATE`) in the same statement: the caller's transaction reads and locks at once.
 */
export async function loadEntryForUpdate(tx: DbTx, entryId: string): Promise<ReceiptEntry | null> {
  const row = await load(tx, entryId, { submitter: true, lock: true });
  if (!row) return null;
  return { ...assemble(row), submitter: revive("User", row.submitter!) } as unknown as ReceiptEntry;
}

/**
 * As `loadEntryForUpdate` without the lock, with the entry row's version (`xmin`: changes with
 * every write to the row), for a write that must find the row unchanged (optimistic submit).
 */
export async function loadEntryToSubmit(
  tx: DbTx,
  entryId: string,
): Promise<{ entry: ReceiptEntry; rowVersion: string } | null> {
  const row = await load(tx, entryId, { submitter: true, lock: false, rowVersion: true });
  if (!row?.rowVersion) return null;
  const entry = { ...assemble(row), submitter: revive("User", row.submitter!) } as unknown as ReceiptEntry;
  return { entry, rowVersion: row.rowVersion };
}

/**
 * As `loadEntryToSubmit`, in the same statement as the session lookup of `tokenHash` (the rush's
 * submit POST: one round trip instead of two). `session` is the row `adoptSessionRow` decides on
 * (null: no such session); `loaded` is null unless the entry exists and is that session user's.
 */
export async function loadEntryToSubmitAs(
  tx: DbTx,
  entryId: string,
  tokenHash: string,
): Promise<{ session: SessionJson | null; loaded: { entry: ReceiptEntry; rowVersion: string } | null }> {
  const row = await load(tx, entryId, { submitter: true, lock: false, rowVersion: true, tokenHash });
  const session = row?.session ?? null;
  if (!row?.rowVersion || !row.entry) return { session, loaded: null };
  const entry = { ...assemble(row), submitter: revive("User", row.submitter!) } as unknown as ReceiptEntry;
  return { session, loaded: { entry, rowVersion: row.rowVersion } };
}

// The embedded database's thread. PGlite (PostgreSQL in WebAssembly) ran its queries on the main
// thread, so every page paid app CPU and database CPU on one core while the second core idled.
// Here it runs in a worker thread, together with pglite-prisma-adapter: the adapter's argument
// mapping, row parsing and error mapping happen on this thread too, and the main thread only
// receives finished Prisma result sets (structured clone). One PGlite instance, one connection:
// PGlite's own transaction mutex still serialises transactions and keeps other statements out of
// an open one, exactly as before. Plain JavaScript: it is loaded by Node itself, in development,
// tests and the production build alike. The protocol is private to db.server.ts (openPglite).
import { parentPort } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PgliteStatements } from "./pglite-statements.mjs";

if (!parentPort) throw new Error("pglite-worker.mjs runs as a worker thread only");
const port = parentPort;

/** @type {PGlite | undefined} */
let pglite;
/** @type {any} */
let adapter;
/** @type {PgliteStatements | undefined} */
let statements;
/** Open interactive transactions by id. @type {Map<number, any>} */
const txs = new Map();
let nextTx = 1;

/** Errors cross the thread boundary as plain data; db.server.ts rebuilds them. */
function serialiseError(err) {
  const e = /** @type {any} */ (err);
  if (e && e.name === "DriverAdapterError" && e.cause && typeof e.cause === "object") {
    return { type: "driver", cause: e.cause };
  }
  const fields = {};
  if (e && typeof e === "object") {
    // A PGlite DatabaseError: keep its PostgreSQL fields (code, detail, constraint, …).
    for (const k of ["code", "severity", "detail", "hint", "column", "constraint", "table", "schema", "position"]) {
      if (typeof e[k] === "string") fields[k] = e[k];
    }
  }
  return {
    type: typeof fields.code === "string" && typeof fields.severity === "string" ? "database" : "error",
    name: e && typeof e.name === "string" ? e.name : "Error",
    message: e && typeof e.message === "string" ? e.message : String(err),
    stack: e && typeof e.stack === "string" ? e.stack : undefined,
    fields,
  };
}

/**
 * pglite-prisma-adapter 0.7.2 `executeScript` calls `client.exec(script)` without awaiting it: a
 * broken migration was recorded as applied and nothing was created. Await it so the error reaches
 * the schema engine (which then marks the migration failed).
 */
function fixExecuteScript(a, client) {
  a.executeScript = async (script) => {
    try {
      await client.exec(script);
    } catch (e) {
      a.onError(e);
    }
  };
  return a;
}

function queryable(txId) {
  if (txId === undefined) return adapter;
  const tx = txs.get(txId);
  if (!tx) throw new Error(`transaction ${txId} is not open`);
  return tx;
}

const ops = {
  async open({ dataDir, extraStartParams }) {
    pglite = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...extraStartParams] });
    // The adapter's statements run prepared (pglite-statements.mjs); its scripts go to PGlite.
    statements = new PgliteStatements(pglite);
    adapter = fixExecuteScript(await new PrismaPGlite(statements.client()).connect(), statements);
    return null;
  },
  queryRaw: ({ txId, query }) => queryable(txId).queryRaw(query),
  executeRaw: ({ txId, query }) => queryable(txId).executeRaw(query),
  executeScript: ({ script }) => adapter.executeScript(script),
  async startTransaction({ isolationLevel }) {
    const tx = await adapter.startTransaction(isolationLevel);
    const id = nextTx++;
    txs.set(id, tx);
    return { id, options: tx.options };
  },
  async commit({ txId }) {
    const tx = queryable(txId);
    txs.delete(txId);
    await tx.commit();
    return null;
  },
  async rollback({ txId }) {
    const tx = queryable(txId);
    txs.delete(txId);
    await tx.rollback();
    return null;
  },
  /** PGlite's own API for the migrator and tests: rows as objects. */
  async query({ sql, params }) {
    const res = await pglite.query(sql, params);
    return { rows: res.rows, affectedRows: res.affectedRows };
  },
  async exec({ sql }) {
    // A script may change tables: cached statements are prepared again.
    await statements.exec(sql);
    return null;
  },
  async close() {
    if (pglite && !pglite.closed) await pglite.close();
    return null;
  },
};

port.on("message", async (msg) => {
  try {
    const value = await ops[msg.op](msg);
    port.postMessage({ id: msg.id, ok: true, value });
  } catch (err) {
    port.postMessage({ id: msg.id, ok: false, error: serialiseError(err) });
  }
});

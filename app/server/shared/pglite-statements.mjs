// Prepared statements for PGlite, on the database thread (pglite-worker.mjs).
//
// `pglite.query(sql, params)` sends every statement as an unnamed one: Parse, Describe statement,
// Bind, Describe portal, Execute, Sync, six trips into PostgreSQL, and PostgreSQL parses,
// analyses and plans the text anew each time. A profile of the pages showed parse + plan at
// 60-80 % of PGlite's time per request (the statements are Prisma's and ours, a few dozen
// distinct texts). Here each text is parsed once into a named prepared statement whose
// parameter and row descriptions are kept; later runs send Bind + Execute + Sync in one trip,
// and PostgreSQL's plan cache (plan_cache_mode auto) settles on a generic plan after five runs
// when it is no dearer than the custom ones.
//
// What stays exactly as with `pglite.query`: the same mutexes (one query at a time; outside a
// transaction also never inside someone else's), the same DatabaseError objects (so the Prisma
// adapter maps P2002 etc. as before), the same row parsing (PGlite's own parseResults with the
// caller's parsers), the Sync that ends every statement (an error inside a transaction leaves it
// aborted, as before). Prepared statements are session state, not transactional: a ROLLBACK does
// not drop them. Scripts (`exec`: migrations, DDL) forget every cached statement, since a changed
// table can change a statement's result type.
//
// It uses PGlite's internal queueing (_checkReady, _runExclusiveQuery, _runExclusiveTransaction)
// as pglite.query does, so package.json pins PGlite's exact version: re-read pglite.query's
// source before moving it (tests/integration/pglite-thread.test.ts covers the behaviour).
import { parse, protocol } from "@electric-sql/pglite";

const { serialize } = protocol;

/** Statements kept prepared at most (least recently used ones are closed beyond that). */
const MAX_STATEMENTS = 256;
/** Longer texts (bulk inserts with thousands of parameters) run unnamed: rarely repeated, large. */
const MAX_CACHED_SQL = 16_384;
/** PostgreSQL refuses a cached plan whose result type changed (after DDL): parse it again. */
const STALE_PLAN = "0A000";

function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class PgliteStatements {
  /** @param {import("@electric-sql/pglite").PGlite} pglite */
  constructor(pglite) {
    this.pglite = pglite;
    /** sql -> { name, paramTypes, rowDescription } in least-recently-used order. */
    this.cache = new Map();
    /** Names to Close before the next statement outside a transaction. */
    this.closing = [];
    this.seq = 0;
    /** options.parsers object -> PGlite's parsers merged with it (parseResults merges per call otherwise). */
    this.merged = new WeakMap();
  }

  /**
   * A client for pglite-prisma-adapter (it uses `query`, `exec`, `transaction` and, on a
   * transaction, `query` and `rollback`): PGlite's own, except that queries go through here.
   */
  client() {
    const pglite = this.pglite;
    return {
      query: (sql, params, options) => this.query(undefined, sql, params, options),
      exec: (sql, options) => this.exec(sql, options),
      transaction: (callback) =>
        pglite.transaction((tx) =>
          callback({
            query: (sql, params, options) => this.query(tx, sql, params, options),
            exec: (sql, options) => tx.exec(sql, options),
            rollback: () => tx.rollback(),
            get closed() {
              return tx.closed;
            },
          }),
        ),
    };
  }

  /** A script (migrations, DDL): afterwards no cached statement is trusted. */
  async exec(sql, options) {
    try {
      return await this.pglite.exec(sql, options);
    } finally {
      this.forgetAll();
    }
  }

  forgetAll() {
    for (const st of this.cache.values()) this.closing.push(st.name);
    this.cache.clear();
  }

  /**
   * `pglite.query` (outside a transaction: `tx` undefined) or `tx.query`, with the statement
   * prepared once per text.
   */
  async query(tx, sql, params = [], options = undefined) {
    const pglite = this.pglite;
    if (tx) {
      if (tx.closed) throw new Error("Transaction is closed");
      return pglite._runExclusiveQuery(() => this.run(sql, params, options, true));
    }
    await pglite._checkReady();
    return pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(() => this.run(sql, params, options, false)),
    );
  }

  async run(sql, params, options, inTransaction) {
    const pglite = this.pglite;
    if (!inTransaction && this.closing.length) {
      const names = this.closing.splice(0);
      // Outside a transaction a Close cannot fail for the transaction's state; a name that is
      // already gone (a failed Parse) is no error either.
      await pglite.execProtocolStream(
        concat([...names.map((name) => serialize.close({ type: "S", name })), serialize.sync()]),
        {
          syncToFs: false,
          throwOnError: false,
        },
      );
    }
    let result;
    try {
      result = await this.runOnce(sql, params, options);
    } catch (e) {
      // A statement prepared before a schema change: prepare it again (outside a transaction
      // only: inside one, the error has aborted it and Prisma rolls back).
      if (inTransaction || e?.code !== STALE_PLAN) throw this.decorate(e, sql, params, options);
      this.forget(sql);
      try {
        result = await this.runOnce(sql, params, options);
      } catch (e2) {
        throw this.decorate(e2, sql, params, options);
      }
    }
    if (!inTransaction) await pglite.syncToFs();
    return result;
  }

  /** PGlite's makePGliteError: the error carries its statement. */
  decorate(e, sql, params, options) {
    if (e && typeof e === "object" && typeof e.code === "string" && typeof e.severity === "string") {
      e.query = sql;
      e.params = params;
      e.queryOptions = options;
    }
    return e;
  }

  forget(sql) {
    const st = this.cache.get(sql);
    if (!st) return;
    this.cache.delete(sql);
    this.closing.push(st.name);
  }

  async runOnce(sql, params, options) {
    const pglite = this.pglite;
    const cacheable = sql.length <= MAX_CACHED_SQL;
    let st = cacheable ? this.cache.get(sql) : undefined;
    let pendingSync = false;
    try {
      if (st) {
        // Most recently used goes last.
        this.cache.delete(sql);
        this.cache.set(sql, st);
      } else {
        const name = cacheable ? `gbc_${++this.seq}` : "";
        pendingSync = true;
        const described = await pglite.execProtocolStream(
          concat([
            serialize.parse({ name, text: sql, types: options?.paramTypes }),
            serialize.describe({ type: "S", name }),
          ]),
          { syncToFs: false },
        );
        st = {
          name,
          paramTypes: parse.parseDescribeStatementResults(described),
          rowDescription: described.find((m) => m.name === "rowDescription"),
        };
        if (cacheable) {
          this.cache.set(sql, st);
          if (this.cache.size > MAX_STATEMENTS) {
            const [oldest] = this.cache.keys();
            this.forget(oldest);
          }
        }
      }
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const oid = st.paramTypes[i];
        const serializer = options?.serializers?.[oid] ?? pglite.serializers[oid];
        return serializer ? serializer(param) : param.toString();
      });
      pendingSync = false;
      const messages = await pglite.execProtocolStream(
        concat([serialize.bind({ statement: st.name, values }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      );
      if (st.rowDescription) messages.unshift(st.rowDescription);
      return parse.parseResults(
        messages,
        this.parsersFor(options),
        options ? { ...options, parsers: undefined } : undefined,
      )[0];
    } finally {
      if (pendingSync) await pglite.execProtocolStream(serialize.sync(), { syncToFs: false, throwOnError: false });
    }
  }

  parsersFor(options) {
    const extra = options?.parsers;
    if (!extra) return this.pglite.parsers;
    let merged = this.merged.get(extra);
    if (!merged) {
      merged = { ...this.pglite.parsers, ...extra };
      this.merged.set(extra, merged);
    }
    return merged;
  }
}

import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter kept in PostgreSQL (no Redis needed, works across instances): one
 * atomic upsert per hit. A window that has ended starts again at 1.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const t = now();
  const resetAt = new Date(t.getTime() + windowSeconds * 1000);
  const rows = await db.$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${t} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${t} THEN ${resetAt} ELSE "RateLimit"."resetAt" END
    RETURNING "count", "resetAt"`;
  await maybePrune(db);
  const row = rows[0]!;
  return {
    allowed: row.count <= limit,
    remaining: Math.max(0, limit - row.count),
    retryAfterSeconds: Math.max(0, Math.ceil((row.resetAt.getTime() - t.getTime()) / 1000)),
  };
}

/** The live counter of `key` without counting a hit (null when none or its window ended). */
export async function peekRateLimit(db: Db, key: string): Promise<{ count: number; resetAt: Date } | null> {
  const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, resetAt: true } });
  return row && row.resetAt > now() ? row : null;
}

/**
 * Counts one failure of `key` in a sliding window: every failure pushes `resetAt` to
 * `forgetSeconds` from now, so the count is forgotten only after a quiet spell.
 */
export async function recordFailure(
  db: Db,
  key: string,
  forgetSeconds: number,
): Promise<{ count: number; resetAt: Date }> {
  const t = now();
  const resetAt = new Date(t.getTime() + forgetSeconds * 1000);
  const rows = await db.$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${t} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = ${resetAt}
    RETURNING "count", "resetAt"`;
  await maybePrune(db);
  return rows[0]!;
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}

/** Deletes counters whose window has ended; returns how many. */
export async function pruneRateLimits(db: Db): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { resetAt: { lte: now() } } });
  return count;
}

// Pruned on write, at most once a minute per process: the table stays as small as the set of
// live counters without a separate job.
const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;
async function maybePrune(db: Db): Promise<void> {
  const t = Date.now();
  if (t - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = t;
  await pruneRateLimits(db).catch((err) => console.error("[rate-limit] prune failed:", err));
}

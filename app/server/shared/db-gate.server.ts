import { env } from "./env.server.ts";

/**
 * A counting semaphore with a FIFO queue. Interactive transactions go through one so that, at a
 * deadline rush, requests wait their turn in the app instead of piling onto the connection pool
 * and failing with Prisma's "Unable to start a transaction in the given time" (P2028).
 */
export class Semaphore {
  private active = 0;
  /** When the last holder let go (0: never held). */
  private idleSince = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error("Semaphore needs max >= 1");
  }

  get pending(): number {
    return this.waiting.length;
  }

  get busy(): boolean {
    return this.active > 0;
  }

  /**
   * Resolves once nothing has held the gate for `idleMs`, or after `maxMs` at the latest:
   * background work (rendering receipt PDFs) steps aside while people are submitting, without
   * starving. `idleMs` keeps a 0.3 s render from starting in a lull between two submissions.
   */
  async quiet(maxMs: number, idleMs = 0): Promise<void> {
    const until = Date.now() + maxMs;
    const calm = () => !this.busy && Date.now() - this.idleSince >= idleMs;
    while (!calm() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      if (next) next();
      else if (--this.active === 0) this.idleSince = Date.now();
    }
  }
}

/** Prisma's waits for a transaction run through txGate(): generous, a safety net only (the gate queues). */
export const GATED_TX = { maxWait: 30_000, timeout: 30_000 };

let gate: Semaphore | undefined;

/**
 * The process-wide gate for interactive transactions: PGlite has one connection, so one at a
 * time; on PostgreSQL the pool minus two, so plain reads (sessions, pages) still get through.
 */
export function txGate(): Semaphore {
  if (!gate) {
    const e = env();
    gate = new Semaphore(e.DATABASE_URL ? Math.max(1, e.DB_POOL_MAX - 2) : 1);
  }
  return gate;
}

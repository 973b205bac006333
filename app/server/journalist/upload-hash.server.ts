import { Worker } from "node:worker_threads";

/**
 * sha256 of uploads computed on a worker thread, so hashing (about 1 s of CPU per GiB here)
 * runs beside the request's socket reads and disk writes instead of in series with them on the
 * main thread: an upload then costs max(hash, write), not their sum.
 *
 * The caller hands over each run of buffers once they are in the staged file, so the hash is
 * of exactly the bytes stored. The buffers' memory moves to the worker (transferred, not
 * copied): the caller must not touch them afterwards. Node gives each socket read of a request
 * body its own ArrayBuffer; any other buffer (a slice of a shared one) is copied instead, so
 * nothing else is detached.
 *
 * Messages are handled in order, so a digest asked for after the last update covers every
 * byte before it. If the worker dies, every running hash is lost: digests answer null and the
 * caller hashes the finished file from staging instead (as after a restart).
 */

// Plain JS run with `eval: true`, so the bundler needs no separate entry for it.
// The buffers it is handed are garbage once hashed, but this small heap allocates so little
// that V8 would let ~100 MB of them pile up before collecting (measured): a young-generation
// collection every GC_BYTES frees them (about a millisecond). gc is reached the documented way
// for a flag set at run time, and the flag is put back at once (it is process-wide).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const v8 = require("node:v8");
v8.setFlagsFromString("--expose-gc");
const gc = require("node:vm").runInNewContext("gc");
v8.setFlagsFromString("--no-expose-gc");
const GC_BYTES = 4 * 1024 * 1024;
const hashes = new Map();
let sinceGc = 0;
parentPort.on("message", (m) => {
  if (m.op === "update") {
    let h = hashes.get(m.key);
    if (!h) hashes.set(m.key, (h = createHash("sha256")));
    for (const b of m.chunks) h.update(b);
    m = { op: "hashed", bytes: m.bytes };
    sinceGc += m.bytes;
    if (sinceGc >= GC_BYTES) {
      sinceGc = 0;
      gc({ type: "minor" });
    }
    parentPort.postMessage(m);
  } else if (m.op === "digest") {
    const h = hashes.get(m.key) || createHash("sha256");
    hashes.delete(m.key);
    parentPort.postMessage({ op: "digest", seq: m.seq, hex: h.digest("hex") });
  } else if (m.op === "drop") {
    hashes.delete(m.key);
  }
});
`;

/** Bytes handed over but not hashed yet, above which `room()` waits (per process). */
export const HASH_BACKLOG_BYTES = 4 * 1024 * 1024;
/** With no upload being hashed for this long, the worker stops (its isolate is ~9 MB). */
export const IDLE_STOP_MS = 30_000;

type Message = { op: "hashed"; bytes: number } | { op: "digest"; seq: number; hex: string };

export class HashWorker {
  private worker: Worker | null = null;
  /** Incremented when a worker dies: hash states from before are gone. */
  private generation = 0;
  private nextKey = 1;
  private nextSeq = 1;
  private backlog = 0;
  private digests = new Map<number, (hex: string | null) => void>();
  private waiters: (() => void)[] = [];
  /** Running hashes not finished or dropped yet: while there are any, the worker stays. */
  private live = new Set<number>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly idleStopMs = IDLE_STOP_MS) {}

  /** A new running hash (empty), and the generation it belongs to. */
  open(): { key: number; generation: number } {
    const key = this.nextKey++;
    this.live.add(key);
    clearTimeout(this.idleTimer);
    return { key, generation: this.generation };
  }

  /** Whether the worker thread is running (it starts on the first bytes, stops when idle). */
  running(): boolean {
    return this.worker !== null;
  }

  alive(generation: number): boolean {
    return generation === this.generation;
  }

  /** Bytes waiting to be hashed. */
  pending(): number {
    return this.backlog;
  }

  /** Feeds `chunks` (already stored) into the running hash `key`; they are the worker's now. */
  update(key: number, generation: number, chunks: Buffer[]): void {
    if (!this.alive(generation)) return;
    const worker = this.start();
    const views: Uint8Array[] = [];
    const transfer: ArrayBuffer[] = [];
    let bytes = 0;
    for (const c of chunks) {
      bytes += c.length;
      const whole = c.byteOffset === 0 && c.buffer.byteLength === c.length && c.buffer instanceof ArrayBuffer;
      if (whole && !transfer.includes(c.buffer)) {
        transfer.push(c.buffer);
        views.push(new Uint8Array(c.buffer, 0, c.length));
      } else {
        views.push(new Uint8Array(c)); // a copy: the rest of its ArrayBuffer is not ours
      }
    }
    this.backlog += bytes;
    worker.postMessage({ op: "update", key, chunks: views, bytes }, transfer);
  }

  /** Resolves once the backlog is below HASH_BACKLOG_BYTES (memory stays bounded). */
  room(): Promise<void> {
    if (this.backlog < HASH_BACKLOG_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The sha256 of everything fed into `key` (hex), or null if the worker died meanwhile. */
  digest(key: number, generation: number): Promise<string | null> {
    if (!this.alive(generation)) return Promise.resolve(null);
    const seq = this.nextSeq++;
    const worker = this.start();
    this.closed(key);
    return new Promise((resolve) => {
      this.digests.set(seq, resolve);
      worker.postMessage({ op: "digest", key, seq });
    });
  }

  drop(key: number, generation: number): void {
    if (!this.alive(generation)) return;
    this.closed(key);
    this.worker?.postMessage({ op: "drop", key });
  }

  private closed(key: number): void {
    this.live.delete(key);
    if (this.live.size > 0 || !this.worker) return;
    clearTimeout(this.idleTimer);
    const w = this.worker;
    this.idleTimer = setTimeout(() => {
      // Still idle (open() clears the timer): nothing is lost by stopping.
      if (this.live.size === 0 && this.worker === w && this.digests.size === 0) void this.stop();
    }, this.idleStopMs);
    this.idleTimer.unref();
  }

  /** Stops the worker (tests; a fresh one starts on the next update). */
  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.lost(w);
    await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // A small heap: the worker holds hash states and, briefly, the buffers it hashes.
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    });
    w.unref(); // never keeps the process alive
    w.on("message", (m: Message) => {
      if (m.op === "hashed") {
        this.backlog -= m.bytes;
        if (this.backlog < HASH_BACKLOG_BYTES) this.wake();
      } else {
        this.digests.get(m.seq)?.(m.hex);
        this.digests.delete(m.seq);
      }
    });
    w.on("error", (err) => {
      console.error("[uploads] hash worker failed:", err);
      this.lost(w);
    });
    w.on("exit", () => this.lost(w));
    this.worker = w;
    return w;
  }

  /** The worker `w` is gone: its hashes with it. Nobody waits forever. */
  private lost(w: Worker): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.generation++;
    this.backlog = 0;
    this.live.clear();
    clearTimeout(this.idleTimer);
    for (const resolve of this.digests.values()) resolve(null);
    this.digests.clear();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

let shared: HashWorker | undefined;
/** The process's hash worker (started on first use). */
export function hashWorker(): HashWorker {
  return (shared ??= new HashWorker());
}

import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Readable } from "node:stream";

/**
 * Where the bytes of a chunk go: the upload's running hash (on a worker thread, see
 * upload-hash.server.ts). `update` takes the buffers over; `room` waits while too much is
 * waiting to be hashed.
 */
export interface StoredBytesSink {
  update(chunks: Buffer[]): void;
  room(): Promise<void>;
}

/**
 * Writes one upload chunk (a PATCH body, straight from Node's request stream) into the staged
 * file at `offset`, handing its bytes to the running hash, and returns the new offset. Hashing
 * (on another thread) overlaps the next reads and writes. If a write fails the chunk rejects
 * and the caller drops the hash.
 *
 * Why not @tus/file-store's own write: there the body goes Node stream -> web stream -> Node
 * stream -> four Transforms -> fs.WriteStream, one 64 KiB write(2) per socket read; profiled,
 * that path (and the idle time it caused) was most of an upload's cost.
 *
 * Where the file system allows O_DIRECT, receiveDirect (below) writes the body from two reused
 * aligned slots, past the page cache. Otherwise (receiveBuffered) the socket's buffers are
 * queued while one write is in flight and then written together with one writev(2) at an
 * explicit position, and handed to the hash once written; every SYNC_BYTES an fdatasync is
 * started (not waited for), so the page cache never holds much of an upload unwritten and the
 * sync that makes a finished upload durable (the move into storage) is short.
 *
 * Intermediate chunks need no sync of their own: after a crash tus resumes from the staged
 * file's size, and the running hash is rebuilt from staging. A client that goes away mid-chunk
 * keeps what arrived (written and hashed: tus resumes from there), as @tus/server does when a
 * request is aborted.
 */
export const WRITE_BYTES = 1024 * 1024;
/** Paused above this much queued (per upload in flight), so memory stays bounded. */
export const QUEUE_BYTES = 8 * 1024 * 1024;
export const SYNC_BYTES = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function receiveChunk(
  source: Readable,
  path: string,
  offset: number,
  max: number,
  hash: StoredBytesSink | null,
  opts: { direct?: boolean } = {},
): Promise<number> {
  const direct = opts.direct !== false && directUsable ? await openDirect(path) : null;
  const slots = direct ? takeSlots() : null;
  if (direct && slots) {
    try {
      return await receiveDirect(source, path, direct, slots, offset, max, hash);
    } finally {
      slots.forEach(giveSlot);
      await direct.close();
    }
  }
  await direct?.close();
  return receiveBuffered(source, path, offset, max, hash);
}

async function receiveBuffered(
  source: Readable,
  path: string,
  offset: number,
  max: number,
  hash: StoredBytesSink | null,
): Promise<number> {
  const fh = await fsp.open(path, "r+");
  let position = offset;
  let queue: Buffer[] = [];
  let queued = 0;
  let received = 0;
  let writing = false;
  let ended = false;
  let failure: unknown = null;

  try {
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        if (writing || (queued > 0 && !failure) || !(ended || failure)) return;
        stop();
        if (failure) reject(failure);
        else resolve();
      };
      const flush = () => {
        if (writing || failure || queued === 0) return settle();
        const buffers = queue;
        const bytes = queued;
        queue = [];
        queued = 0;
        writing = true;
        writeAll(fh, buffers, position)
          .then(() => {
            // Past another SYNC_BYTES of the file (chunks are often smaller): start a sync.
            if (Math.floor((position + bytes) / SYNC_BYTES) > Math.floor(position / SYNC_BYTES)) syncSoon(path);
            position += bytes;
            // Stored: now (and only now) hashed. While the hash lags, the next write waits and
            // the socket pauses once QUEUE_BYTES are queued.
            if (hash) {
              hash.update(buffers);
              return hash.room();
            }
          })
          .then(
            () => {
              writing = false;
              if (source.isPaused() && !ended) source.resume();
              if (queued >= WRITE_BYTES || ended) flush();
              else settle();
            },
            (err: unknown) => {
              writing = false;
              failure = err;
              settle();
            },
          );
      };
      const onData = (chunk: Buffer) => {
        if (failure) return;
        received += chunk.length;
        if (received > max) {
          // Nothing of an oversized body beyond what was already taken is kept.
          failure = new BodyTooLarge();
          source.pause();
          return flushOrSettle();
        }
        queue.push(chunk);
        queued += chunk.length;
        if (queued >= QUEUE_BYTES) source.pause();
        if (queued >= WRITE_BYTES) flush();
      };
      const flushOrSettle = () => (writing ? undefined : settle());
      const onEnd = () => {
        if (ended) return;
        ended = true;
        flush();
      };
      const stop = followBody(source, onData, onEnd);
      // Gone before we listened (the file was being opened): nothing more will come.
      if (source.destroyed || source.readableEnded) onEnd();
    });
  } finally {
    await fh.close();
  }
  return position;
}

/**
 * The direct path (O_DIRECT), used whenever the file system allows it. Through the page cache,
 * each GiB written takes a GiB of fresh page-cache pages, and on this VM (a balloon that hands
 * idle guest memory back to the host) touching fresh pages is what an upload's write cost:
 * measured, 2.3-2.7 s of system CPU and 3-4 s per GiB for `dd conv=fdatasync`, against
 * 0.1-0.15 s and 0.6-0.7 s for `dd oflag=direct`. Here the bytes are copied from the socket's
 * buffers into reused page-aligned slots (O_DIRECT needs aligned memory, offsets and lengths),
 * which the disk reads by DMA: still one copy of each byte, made in user space instead of the
 * kernel's copy into the page cache. Two slots per upload: one fills while the other is written.
 * The few bytes before the first ALIGN boundary and after the last go through the page cache.
 *
 * The running hash gets each socket buffer once it is copied (handed over, so its memory is
 * freed on the hash's thread); a failed write rejects, and the caller then drops the hash.
 */
export const ALIGN = 4096;
export const SLOT_BYTES = 2 * 1024 * 1024;
/** Slots for three uploads at once; more at once take the buffered path. */
const SLOT_COUNT = 6;
/** Bytes handed to the hash at a time (fewer, larger messages to its thread). */
const HASH_BATCH_BYTES = 1024 * 1024;

/** False once the file system refused O_DIRECT: every later chunk goes through the page cache. */
let directUsable = true;

let slotMemory: Buffer | undefined;
const freeSlots: Buffer[] = [];
/** Two page-aligned slots, or null if all are taken. Taken LIFO, so the same pages are reused. */
function takeSlots(): [Buffer, Buffer] | null {
  if (!slotMemory) {
    // A wasm memory is page-aligned (Node's own buffers are not), and reserved once.
    const memory = new WebAssembly.Memory({ initial: (SLOT_BYTES * SLOT_COUNT) / 65536 });
    slotMemory = Buffer.from(memory.buffer);
    for (let i = SLOT_COUNT - 1; i >= 0; i--) freeSlots.push(slotMemory.subarray(i * SLOT_BYTES, (i + 1) * SLOT_BYTES));
  }
  if (freeSlots.length < 2) return null;
  return [freeSlots.pop()!, freeSlots.pop()!];
}
function giveSlot(slot: Buffer): void {
  freeSlots.push(slot);
}

async function openDirect(path: string): Promise<fsp.FileHandle | null> {
  try {
    return await fsp.open(path, fs.constants.O_RDWR | fs.constants.O_DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EINVAL") throw err;
    directUsable = false; // e.g. tmpfs
    return null;
  }
}

async function receiveDirect(
  source: Readable,
  path: string,
  direct: fsp.FileHandle,
  slots: [Buffer, Buffer],
  offset: number,
  max: number,
  hash: StoredBytesSink | null,
): Promise<number> {
  const buffered = await fsp.open(path, "r+");
  // Bytes before the first aligned offset go through the page cache (a resumed chunk).
  const headBytes = (ALIGN - (offset % ALIGN)) % ALIGN;
  let head: Buffer | null = headBytes > 0 ? Buffer.allocUnsafe(headBytes) : null;
  let headFill = 0;
  let cur = slots[0];
  let spare: Buffer | null = slots[1];
  let fill = 0;
  /** File offset of cur[0]. */
  let curPos = offset + headBytes;
  let stored = offset;
  let received = 0;
  let writes: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let ended = false;
  let failure: unknown = null;
  /** Socket buffers (or their rest) not copied yet: both slots were busy. */
  const backlog: Buffer[] = [];
  let toHash: Buffer[] = [];
  let toHashBytes = 0;
  let waitingForHash = false;
  let finalized = false;

  /** Queues a write; writes run one at a time, in order, and none after a failure. */
  const write = (fh: fsp.FileHandle, buf: Buffer, pos: number, done?: () => void) => {
    inFlight++;
    writes = writes
      .then(() => (failure ? undefined : writeFully(fh, buf, pos, fh === direct ? buffered : null)))
      .then(
        () => {
          if (!failure) stored = pos + buf.length;
        },
        (err: unknown) => {
          failure ??= err;
        },
      )
      .finally(() => {
        inFlight--;
        done?.();
      });
  };
  const sendHash = () => {
    if (!hash || toHashBytes === 0) return;
    hash.update(toHash);
    toHash = [];
    toHashBytes = 0;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        // A failed write ends the chunk at once, as an oversized body does.
        if (inFlight > 0 || !(finalized || failure)) return;
        stop();
        if (failure) reject(failure);
        else resolve();
      };
      const resumeIfFree = () => {
        if (backlog.length === 0 && !waitingForHash && !ended && !failure && source.isPaused()) source.resume();
      };
      /** cur is full (or the body ended): write it, and fill the spare slot meanwhile. */
      const rotate = () => {
        const full = cur;
        const bytes = fill;
        const aligned = bytes - (bytes % ALIGN);
        const pos = curPos;
        curPos += bytes;
        fill = 0;
        const freed = () => {
          spare = full;
          drain();
          resumeIfFree();
          if (ended) finalize();
          settle();
        };
        if (aligned < bytes) {
          // The body's last bytes: the aligned part direct, the rest through the page cache.
          if (aligned > 0) write(direct, full.subarray(0, aligned), pos);
          write(buffered, full.subarray(aligned, bytes), pos + aligned, freed);
        } else {
          write(direct, full.subarray(0, bytes), pos, freed);
        }
        cur = spare!;
        spare = null;
      };
      /** Copies socket buffers into the head and the slots, as far as a slot is free. */
      const drain = () => {
        while (backlog.length > 0) {
          const chunk = backlog[0]!;
          let at = 0;
          if (head) {
            const n = Math.min(chunk.length, head.length - headFill);
            chunk.copy(head, headFill, 0, n);
            headFill += n;
            at = n;
            if (headFill === head.length) {
              write(buffered, head, offset);
              head = null;
            }
          }
          while (at < chunk.length) {
            if (fill === SLOT_BYTES) {
              if (!spare) {
                // Both slots busy: the rest waits for the write in flight.
                backlog[0] = chunk.subarray(at);
                return;
              }
              rotate();
            }
            const n = Math.min(chunk.length - at, SLOT_BYTES - fill);
            chunk.copy(cur, fill, at, at + n);
            fill += n;
            at += n;
          }
          backlog.shift();
          if (fill === SLOT_BYTES && spare) rotate();
        }
      };
      /** The body ended (or the client left) and every byte taken is copied: write the rest. */
      const finalize = () => {
        if (finalized || backlog.length > 0) return;
        finalized = true;
        if (head && headFill > 0 && !failure) write(buffered, head.subarray(0, headFill), offset);
        head = null;
        if (fill > 0 && !failure) rotate();
      };
      const onData = (chunk: Buffer) => {
        if (failure || ended) return;
        received += chunk.length;
        if (received > max) {
          // Nothing of an oversized body beyond what was already taken is kept.
          failure = new BodyTooLarge();
          source.pause();
          backlog.length = 0;
          finalized = true;
          return settle();
        }
        backlog.push(chunk);
        drain();
        toHash.push(chunk);
        toHashBytes += chunk.length;
        if (backlog.length > 0) return void source.pause();
        // Every buffer handed to the hash is copied already (handing over detaches it).
        if (toHashBytes >= HASH_BATCH_BYTES && hash) {
          sendHash();
          if (!waitingForHash) {
            waitingForHash = true;
            let waited = false;
            void hash.room().then(() => {
              waitingForHash = false;
              if (waited) resumeIfFree();
            });
            // room() resolves at once while the hash keeps up; pause only if it has not.
            queueMicrotask(() => {
              if (!waitingForHash) return;
              waited = true;
              source.pause();
            });
          }
        }
      };
      const onEnd = () => {
        if (ended) return;
        ended = true;
        finalize();
        settle();
      };
      const stop = followBody(source, onData, onEnd);
      // Gone before we listened (the file was being opened): nothing more will come.
      if (source.destroyed || source.readableEnded) onEnd();
    });
    await writes;
    if (failure) throw failure;
    sendHash();
  } finally {
    await buffered.close();
  }
  return stored;
}

/**
 * Listens to a chunk's body: its data, and its end, where a client that disconnects (error,
 * close) ends it too, keeping what arrived (see receiveChunk). Returns the function that stops.
 */
function followBody(source: Readable, onData: (chunk: Buffer) => void, onEnd: () => void): () => void {
  source.on("data", onData);
  source.on("end", onEnd);
  source.on("error", onEnd);
  source.on("close", onEnd);
  return () => {
    source.off("data", onData);
    source.off("end", onEnd);
    source.off("error", onEnd);
    source.off("close", onEnd);
  };
}

/**
 * Writes all of `buf` at `pos`. On the direct descriptor, a refusal (EINVAL: the file system
 * does not take this alignment after all) writes through `fallback` instead, from then on.
 */
async function writeFully(
  fh: fsp.FileHandle,
  buf: Buffer,
  pos: number,
  fallback: fsp.FileHandle | null,
): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    try {
      const { bytesWritten } = await fh.write(buf, done, buf.length - done, pos + done);
      done += bytesWritten;
    } catch (err) {
      if (!fallback || (err as NodeJS.ErrnoException).code !== "EINVAL") throw err;
      directUsable = false;
      fh = fallback;
      fallback = null;
    }
  }
}

const syncing = new Set<string>();

/**
 * fdatasync of a staged file in the background, on its own descriptor, one at a time per file:
 * neither this chunk's answer nor the next chunk waits for the disk. A failed early sync is not
 * the upload's failure: the sync before the move into storage reports it.
 */
function syncSoon(path: string): void {
  if (syncing.has(path)) return;
  syncing.add(path);
  void (async () => {
    const fh = await fsp.open(path, "r+");
    try {
      await fh.datasync();
    } finally {
      await fh.close();
    }
  })()
    .catch(() => undefined)
    .finally(() => syncing.delete(path));
}

async function writeAll(fh: fsp.FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let { bytesWritten } = await fh.writev(buffers, position);
  // writev may write less than asked (e.g. a signal); finish the rest.
  for (const b of buffers) {
    if (bytesWritten >= b.length) {
      bytesWritten -= b.length;
      position += b.length;
      continue;
    }
    let rest = b.subarray(bytesWritten);
    position += bytesWritten;
    bytesWritten = 0;
    while (rest.length > 0) {
      const r = await fh.write(rest, 0, rest.length, position);
      rest = rest.subarray(r.bytesWritten);
      position += r.bytesWritten;
    }
  }
}

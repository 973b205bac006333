import fsp from "node:fs/promises";
import type { Readable } from "node:stream";

/**
 * Where the bytes of a chunk go once they are in the staged file: the upload's running hash
 * (on a worker thread, see upload-hash.server.ts). `update` takes the buffers over; `room`
 * waits while too much is waiting to be hashed.
 */
export interface StoredBytesSink {
  update(chunks: Buffer[]): void;
  room(): Promise<void>;
}

/**
 * Writes one upload chunk (a PATCH body, straight from Node's request stream) into the staged
 * file at `offset`, handing each run of written bytes to the running hash, and returns the new
 * offset. Hashing (on another thread) overlaps the next reads and writes, and it only ever
 * sees bytes that reached the file.
 *
 * Why not @tus/file-store's own write: there the body goes Node stream -> web stream -> Node
 * stream -> four Transforms -> fs.WriteStream, one 64 KiB write(2) per socket read; profiled,
 * that path (and the idle time it caused) was most of an upload's cost. Here the socket's
 * buffers are queued while one write is in flight and then written together with one
 * writev(2) at an explicit position, so the syscalls grow with the disk's speed, not the
 * socket's read size, and no byte is copied in user space.
 *
 * Durability: every SYNC_BYTES written an fdatasync is started (not waited for), so the page
 * cache never holds much of an upload unwritten and the sync that makes a finished upload
 * durable (the move into storage) is short. Intermediate chunks need no sync of their own:
 * after a crash tus resumes from the staged file's size, and the running hash is rebuilt from
 * staging.
 *
 * A client that goes away mid-chunk keeps what arrived (written and hashed: tus resumes from
 * there), as @tus/server does when a request is aborted.
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
      const stop = () => {
        source.off("data", onData);
        source.off("end", onEnd);
        source.off("error", onEnd);
        source.off("close", onEnd);
      };
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
      source.on("data", onData);
      source.on("end", onEnd);
      // A client that disconnects: keep what arrived (see above).
      source.on("error", onEnd);
      source.on("close", onEnd);
    });
  } finally {
    await fh.close();
  }
  return position;
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

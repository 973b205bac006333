import { Transform } from "node:stream";

/**
 * React's streaming renderer writes a page in hundreds of small pieces; each became a gzip
 * call and a socket write (a quarter of a page's CPU in a profile). This joins the pieces
 * written in one turn of the event loop into one chunk, so streaming (deferred data) still
 * flushes as soon as React pauses.
 */
export function coalescingStream(): Transform {
  let pending: Buffer[] = [];
  let scheduled = false;
  const stream: Transform = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      callback();
    },
    final(callback) {
      flush();
      callback();
    },
  });
  function flush() {
    scheduled = false;
    if (pending.length === 0) return;
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    stream.push(out);
  }
  return stream;
}

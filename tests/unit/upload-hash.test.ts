import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { HASH_BACKLOG_BYTES, HashWorker } from "#app/server/journalist/upload-hash.server.ts";
import { BodyTooLarge, receiveChunk } from "#app/server/journalist/upload-receive.server.ts";

const sha = (...parts: Buffer[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};
/** A fresh buffer with its own ArrayBuffer, as Node gives each socket read of a request body. */
const own = (b: Buffer) => {
  const c = Buffer.from(new ArrayBuffer(b.length));
  b.copy(c);
  return c;
};

describe("upload hashing on a worker thread", () => {
  const workers: HashWorker[] = [];
  const fresh = () => {
    const w = new HashWorker();
    workers.push(w);
    return w;
  };
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
  });

  it("gives the sha256 of every byte handed over, in order, across several runs (resumed chunks)", async () => {
    const w = fresh();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const { key, generation } = w.open();
    w.update(key, generation, [own(data.subarray(0, 65536)), own(data.subarray(65536, 1_000_000))]);
    w.update(key, generation, [own(data.subarray(1_000_000))]);
    expect(await w.digest(key, generation)).toBe(sha(data));
    expect(w.pending()).toBe(0);
  });

  it("keeps uploads apart, and an upload with no bytes yet hashes as empty", async () => {
    const w = fresh();
    const a = w.open();
    const b = w.open();
    const c = w.open();
    w.update(a.key, a.generation, [own(Buffer.from("phóng sự A"))]);
    w.update(b.key, b.generation, [own(Buffer.from("phóng sự B"))]);
    w.update(a.key, a.generation, [own(Buffer.from(" — phần 2"))]);
    expect(await w.digest(b.key, b.generation)).toBe(sha(Buffer.from("phóng sự B")));
    expect(await w.digest(a.key, a.generation)).toBe(sha(Buffer.from("phóng sự A — phần 2")));
    expect(await w.digest(c.key, c.generation)).toBe(sha(Buffer.alloc(0)));
  });

  it("moves a buffer that owns its memory to the worker, and copies a slice of a shared one (left intact)", async () => {
    const w = fresh();
    const whole = own(Buffer.from("toàn bộ"));
    const shared = Buffer.from("một phần của bộ đệm chung");
    const slice = shared.subarray(4, 12);
    const expected = sha(whole, slice);
    const { key, generation } = w.open();
    w.update(key, generation, [whole, slice]);
    expect(whole.buffer.byteLength).toBe(0); // transferred, not copied
    expect(shared.toString()).toBe("một phần của bộ đệm chung");
    expect(await w.digest(key, generation)).toBe(expected);
  });

  it("makes room() wait while more than the backlog limit waits to be hashed, then lets it go", async () => {
    const w = fresh();
    const { key, generation } = w.open();
    const chunks = Array.from({ length: HASH_BACKLOG_BYTES / (1024 * 1024) + 4 }, () => randomBytes(1024 * 1024));
    const expected = sha(...chunks);
    w.update(key, generation, chunks.map(own));
    expect(w.pending()).toBeGreaterThanOrEqual(HASH_BACKLOG_BYTES);
    await w.room();
    expect(w.pending()).toBeLessThan(HASH_BACKLOG_BYTES);
    expect(await w.digest(key, generation)).toBe(expected);
  });

  it("stops the worker thread once no upload is being hashed, and not while one is", async () => {
    const w = new HashWorker(50);
    workers.push(w);
    const a = w.open();
    const b = w.open();
    w.update(a.key, a.generation, [own(Buffer.from("a"))]);
    w.update(b.key, b.generation, [own(Buffer.from("b"))]);
    expect(w.running()).toBe(true);
    expect(await w.digest(a.key, a.generation)).toBe(sha(Buffer.from("a")));
    await new Promise((r) => setTimeout(r, 150));
    expect(w.running()).toBe(true); // b is still open
    w.update(b.key, b.generation, [own(Buffer.from("b2"))]);
    expect(await w.digest(b.key, b.generation)).toBe(sha(Buffer.from("bb2")));
    for (let i = 0; i < 40 && w.running(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(w.running()).toBe(false);
    // A later upload starts it again.
    const c = w.open();
    w.update(c.key, c.generation, [own(Buffer.from("c"))]);
    expect(await w.digest(c.key, c.generation)).toBe(sha(Buffer.from("c")));
  });

  it("answers null for hashes that were running when the worker died, and starts afresh after", async () => {
    const w = fresh();
    const before = w.open();
    w.update(before.key, before.generation, [own(Buffer.from("trước"))]);
    await w.stop();
    expect(w.alive(before.generation)).toBe(false);
    expect(await w.digest(before.key, before.generation)).toBeNull();
    const after = w.open();
    w.update(after.key, after.generation, [own(Buffer.from("sau"))]);
    expect(await w.digest(after.key, after.generation)).toBe(sha(Buffer.from("sau")));
  });
});

describe("receiving a chunk into the staged file", () => {
  const MiB = 1024 * 1024;
  // Direct (O_DIRECT, the default where the file system allows it) and through the page cache.
  for (const direct of [true, false]) {
    const how = direct ? "direct" : "through the page cache";
    it(`writes the body at its offset and hands exactly the written bytes to the hash (${how})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-receive-"));
      const w = new HashWorker();
      try {
        const file = path.join(dir, "upload");
        // An unaligned start (a resumed chunk) and end, across more than two 2 MiB slots.
        const head = randomBytes(1000);
        fs.writeFileSync(file, head);
        const body = randomBytes(5 * MiB + 3);
        const source = new PassThrough();
        const { key, generation } = w.open();
        w.update(key, generation, [own(head)]);
        const sink = { update: (c: Buffer[]) => w.update(key, generation, c), room: () => w.room() };
        const done = receiveChunk(source, file, head.length, body.length, sink, { direct });
        for (let i = 0; i < body.length; i += 65536) source.write(own(body.subarray(i, i + 65536)));
        source.end();
        expect(await done).toBe(head.length + body.length);
        expect(fs.readFileSync(file).equals(Buffer.concat([head, body]))).toBe(true);
        expect(await w.digest(key, generation)).toBe(sha(head, body));
      } finally {
        await w.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`keeps what arrived when the client goes away mid-chunk, and a second chunk resumes there (${how})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-receive-"));
      const w = new HashWorker();
      try {
        const file = path.join(dir, "upload");
        fs.writeFileSync(file, "");
        const data = randomBytes(6 * MiB);
        const { key, generation } = w.open();
        const sink = { update: (c: Buffer[]) => w.update(key, generation, c), room: () => w.room() };
        const first = new PassThrough();
        const cut = 3 * MiB + 12345;
        const done = receiveChunk(first, file, 0, data.length, sink, { direct });
        for (let i = 0; i < cut; i += 65536) first.write(own(data.subarray(i, Math.min(i + 65536, cut))));
        // Taken in (receiveChunk listens once the file is open), then the connection drops.
        while (first.readableFlowing !== true || first.readableLength > 0) await new Promise((r) => setTimeout(r, 5));
        first.destroy();
        expect(await done).toBe(cut);
        expect(fs.statSync(file).size).toBe(cut);
        const second = new PassThrough();
        const again = receiveChunk(second, file, cut, data.length - cut, sink, { direct });
        second.end(own(data.subarray(cut)));
        expect(await again).toBe(data.length);
        expect(fs.readFileSync(file).equals(data)).toBe(true);
        expect(await w.digest(key, generation)).toBe(sha(data));
      } finally {
        await w.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`answers (keeping nothing) when the client left before the file was open (${how})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-receive-"));
      try {
        const file = path.join(dir, "upload");
        fs.writeFileSync(file, "abc");
        const source = new PassThrough();
        const done = receiveChunk(source, file, 3, MiB, null, { direct });
        source.destroy();
        expect(await done).toBe(3);
        expect(fs.readFileSync(file, "utf8")).toBe("abc");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`refuses a body larger than allowed (${how})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-receive-"));
      try {
        const file = path.join(dir, "upload");
        fs.writeFileSync(file, "");
        const source = new PassThrough();
        const done = receiveChunk(source, file, 0, MiB, null, { direct });
        source.end(randomBytes(MiB + 1));
        await expect(done).rejects.toBeInstanceOf(BodyTooLarge);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

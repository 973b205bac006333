import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import nodePath from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { S3Store } from "@tus/s3-store";
import type { S3 } from "@aws-sdk/client-s3";
import { addContentMd5, s3ClientConfig, type S3Options } from "../shared/storage-s3.server.ts";
import {
  SNIFF_BYTES,
  STAGING_HOURS,
  STAGING_PREFIX,
  type Staging,
  type UploadHashes,
} from "./upload-staging.server.ts";

// Loaded by createUploadService only when uploads are staged in S3 (S3_BUCKET): @tus/s3-store
// and the AWS SDK under it cost a server that keeps uploads on local disk ~9 MiB of memory.

/**
 * The running sha256 of each upload staged in S3, fed on this thread as the bytes arrive
 * (they go on to the S3 client, so they cannot be handed to another thread). As WorkerHashes
 * (uploads.server.ts), it lives in this process only.
 */
class RunningHashes implements UploadHashes {
  private hashes = new Map<string, { hash: Hash; offset: number }>();

  async write(
    readable: Readable,
    id: string,
    offset: number,
    write: (r: Readable) => Promise<number>,
  ): Promise<number> {
    if (offset === 0) this.hashes.set(id, { hash: createHash("sha256"), offset: 0 });
    const tracked = this.hashes.get(id);
    if (!tracked || tracked.offset !== offset) {
      this.hashes.delete(id);
      return write(readable);
    }
    let hashed = 0;
    const tee = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        hashed += chunk.length;
        tracked.hash.update(chunk);
        callback(null, chunk);
      },
    });
    readable.on("error", (err) => tee.destroy(err));
    readable.pipe(tee);
    try {
      const end = await write(tee);
      // Whatever was hashed must be exactly what reached staging.
      if (end === offset + hashed) tracked.offset = end;
      else this.hashes.delete(id);
      return end;
    } catch (err) {
      this.hashes.delete(id);
      throw err;
    }
  }

  async take(id: string, size: number): Promise<string | null> {
    const tracked = this.hashes.get(id);
    this.hashes.delete(id);
    return tracked && tracked.offset === size ? tracked.hash.digest("hex") : null;
  }

  forget(id: string): void {
    this.hashes.delete(id);
  }

  tracked(): string[] {
    return [...this.hashes.keys()];
  }
}

/**
 * Staging in the S3 bucket (@tus/s3-store: one multipart upload per tus upload, its record in
 * `<id>.info`, a short tail in `<id>.part`), so any instance can take the next chunk. Keys are
 * under STAGING_PREFIX, apart from the finished files.
 */
class S3Staging extends S3Store {
  readonly hashes = new RunningHashes();

  constructor(readonly options: S3Options) {
    // No object tags: several S3-compatible stores lack tagging; our hourly sweep expires uploads.
    super({
      s3ClientConfig: { bucket: options.bucket, ...s3ClientConfig(options) },
      useTags: false,
      expirationPeriodInMilliseconds: STAGING_HOURS * 3_600_000,
    });
    addContentMd5(this.client);
  }

  override write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.hashes.write(readable, id, offset, (r) => super.write(r, id, offset));
  }

  /** A cancelled upload (tus DELETE): @tus/s3-store leaves its tail (`<id>.part`) behind; we don't. */
  override async remove(id: string): Promise<void> {
    this.hashes.forget(id);
    await super.remove(id);
    await this.client.deleteObject({ Bucket: this.bucket, Key: this.partKey(id, true) });
  }

  s3(): S3 {
    return this.client;
  }

  /** The upload's record (owner, declared size), as stored in `<id>.info`. */
  async record(id: string) {
    return (await this.getMetadata(id)).file;
  }

  async forgetCached(id: string) {
    await this.clearCache(id);
  }
}

export function s3Staging(options: S3Options): Staging {
  const datastore = new S3Staging(options);
  const client = datastore.s3();
  const Bucket = options.bucket;
  async function discard(id: string) {
    // The multipart upload is complete (or was aborted): remove the object, its record and
    // any tail. Deleting a missing key is not an error in S3.
    for (const Key of [id, `${id}.info`, `${id}.part`]) await client.deleteObject({ Bucket, Key });
    await datastore.forgetCached(id);
  }
  return {
    datastore,
    hashes: datastore.hashes,
    async count() {
      let n = 0;
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      for (;;) {
        const page = await client.listMultipartUploads({ Bucket, Prefix: STAGING_PREFIX, KeyMarker, UploadIdMarker });
        n += page.Uploads?.length ?? 0;
        if (!page.IsTruncated) return n;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },
    async listUnfinished() {
      const out: { id: string; userId: string; size: number }[] = [];
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      for (;;) {
        const page = await client.listMultipartUploads({ Bucket, Prefix: STAGING_PREFIX, KeyMarker, UploadIdMarker });
        for (const u of page.Uploads ?? []) {
          const info = u.Key ? await datastore.record(u.Key).catch(() => undefined) : undefined;
          const userId = info?.metadata?.userId;
          if (info && userId) out.push({ id: u.Key!, userId, size: info.size ?? 0 });
        }
        if (!page.IsTruncated) return out;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },
    size: async (id) => Number((await client.headObject({ Bucket, Key: id })).ContentLength ?? 0),
    async head(id) {
      const res = await client.getObject({ Bucket, Key: id, Range: `bytes=0-${SNIFF_BYTES - 1}` });
      return res.Body!.transformToByteArray();
    },
    async sha256(id) {
      const hash = createHash("sha256");
      await pipeline((await client.getObject({ Bucket, Key: id })).Body as Readable, hash);
      return hash.digest("hex");
    },
    async withLocalFile(id, fn) {
      // A temporary copy (evidence other than video is at most a few hundred MB).
      const dir = await fs.promises.mkdtemp(nodePath.join(os.tmpdir(), "gbc-staged-"));
      try {
        const local = nodePath.join(dir, "upload");
        await pipeline((await client.getObject({ Bucket, Key: id })).Body as Readable, fs.createWriteStream(local));
        return await fn(local);
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },
    async moveInto(storage, key, id, size) {
      if (storage.copyWithin) await storage.copyWithin(key, id, size);
      else await storage.put(key, (await client.getObject({ Bucket, Key: id })).Body as Readable);
      await discard(id);
    },
    discard,
  };
}

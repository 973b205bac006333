import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Readable } from "node:stream";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import type { ByteRange, Storage } from "./storage.server.ts";

// The AWS SDK is loaded on first use: a server that keeps its files on local disk (most) would
// otherwise carry ~9 MiB of its code and objects. import() loads a module once.
const sdk = () => import("@aws-sdk/client-s3");

/**
 * Storage on any S3-compatible object store (AWS S3, MinIO, Ceph, Viettel/VNPT/FPT clouds …),
 * chosen with S3_BUCKET (+ S3_ENDPOINT for non-AWS). Several app instances share it. Our keys
 * are the object keys; uploads stream in multipart chunks (a 2 GiB video is never in memory);
 * reads pass HTTP Range through to the store, so video seeking works as on local disk.
 */
export interface S3Options {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (endpoint/bucket/key): what most non-AWS stores want. */
  forcePathStyle?: boolean;
}

export function s3ClientConfig(o: S3Options): S3ClientConfig {
  return {
    region: o.region ?? "us-east-1",
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    forcePathStyle: o.forcePathStyle ?? !!o.endpoint,
    ...(o.accessKeyId && o.secretAccessKey
      ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } }
      : {}),
    // Only checksum when the store asks: several S3-compatible stores reject the new defaults.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

/**
 * DeleteObjects must carry a checksum. SDK v3 now sends only a CRC32 header, which stores that
 * predate AWS's flexible checksums refuse ("Missing required header: Content-MD5": OpenStack
 * Swift's s3api, older Ceph RGW and MinIO). Sending Content-MD5 too satisfies every store; AWS
 * accepts it. @tus/s3-store deletes staged uploads with DeleteObjects, so its client gets this.
 */
export function addContentMd5(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (
        context.commandName === "DeleteObjectsCommand" &&
        request.headers &&
        (typeof request.body === "string" || request.body instanceof Uint8Array)
      ) {
        request.headers["content-md5"] = createHash("md5").update(request.body).digest("base64");
      }
      return next(args);
    },
    { step: "build", name: "gbcContentMd5" },
  );
}

/** Largest object one CopyObject may copy (S3's limit); bigger ones are streamed instead. */
const COPY_MAX = 5 * 1024 ** 3;

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

export function s3Storage(o: S3Options): Storage {
  const Bucket = o.bucket;
  let connecting: Promise<{ client: S3Client; s3: Awaited<ReturnType<typeof sdk>> }> | undefined;
  /** The SDK and this store's client, made on first use. */
  const connect = () =>
    (connecting ??= sdk().then((s3) => {
      const client = new s3.S3Client(s3ClientConfig(o));
      addContentMd5(client);
      return { client, s3 };
    }));
  async function upload(key: string, body: Buffer | Readable): Promise<{ size: number }> {
    const [{ client, s3 }, { Upload }] = await Promise.all([connect(), import("@aws-sdk/lib-storage")]);
    await new Upload({
      client,
      params: { Bucket, Key: key, Body: body },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    }).done();
    const head = await client.send(new s3.HeadObjectCommand({ Bucket, Key: key }));
    return { size: Number(head.ContentLength ?? 0) };
  }
  return {
    backend: "S3",
    put: (key, data) => upload(key, data),
    async importFile(key, localPath) {
      const result = await upload(key, fs.createReadStream(localPath));
      await fsp.rm(localPath, { force: true });
      return result;
    },
    async copyWithin(key, fromKey, size) {
      const { client, s3 } = await connect();
      // Staged uploads live in this bucket: copy server-side, the bytes never pass through us.
      if (size > COPY_MAX)
        return upload(key, (await client.send(new s3.GetObjectCommand({ Bucket, Key: fromKey }))).Body as Readable);
      await client.send(
        new s3.CopyObjectCommand({
          Bucket,
          Key: key,
          CopySource: `${Bucket}/${encodeURIComponent(fromKey).replace(/%2F/g, "/")}`,
        }),
      );
      return { size };
    },
    async stat(key) {
      const { client, s3 } = await connect();
      try {
        const head = await client.send(new s3.HeadObjectCommand({ Bucket, Key: key }));
        return { size: Number(head.ContentLength ?? 0) };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async read(key, range?: ByteRange) {
      const { client, s3 } = await connect();
      const res = await client.send(
        new s3.GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      return res.Body as Readable;
    },
    async delete(key) {
      const { client, s3 } = await connect();
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { ByteRange, Storage } from "./storage.server.ts";

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
    ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
    // Only checksum when the store asks: several S3-compatible stores reject the new defaults.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

export function s3Storage(o: S3Options, client = new S3Client(s3ClientConfig(o))): Storage {
  const Bucket = o.bucket;
  async function upload(key: string, body: Buffer | Readable): Promise<{ size: number }> {
    await new Upload({ client, params: { Bucket, Key: key, Body: body }, partSize: 8 * 1024 * 1024, queueSize: 2 }).done();
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
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
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: Number(head.ContentLength ?? 0) };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async read(key, range?: ByteRange) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return res.Body as Readable;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

import type { Server } from "@tus/server";
import type { Storage } from "../shared/storage.server.ts";

/**
 * What both kinds of upload staging share (uploads.server.ts: local disk; upload-staging-s3:
 * an S3 bucket, loaded only when S3_BUCKET is set).
 */

/** Unfinished uploads are swept 24 h after they started (the Upload-Expires header says so). */
export const STAGING_HOURS = 24;
/** Where uploads staged in S3 live in the bucket, apart from the finished files. */
export const STAGING_PREFIX = "tus-staging/";
/** What file-type reads to recognise a type. */
export const SNIFF_BYTES = 4100;

/** The running hashes of uploads in staging (see RunningHashes and WorkerHashes). */
export interface UploadHashes {
  /** The sha256 of a complete upload of `size` bytes, if every byte went through this process. */
  take(id: string, size: number): Promise<string | null>;
  forget(id: string): void;
  /** Uploads with a running hash. */
  tracked(): string[];
}

export type DataStore = ConstructorParameters<typeof Server>[0]["datastore"];

/** What the upload service needs from staging, beside the tus datastore itself. */
export interface Staging {
  datastore: DataStore;
  hashes: UploadHashes;
  /** How many uploads are unfinished (for /metrics). */
  count(): Promise<number>;
  /** Unfinished uploads with their owner and declared size (for the quota). */
  listUnfinished(): Promise<{ id: string; userId: string; size: number }[]>;
  /** A finished upload: its size, first bytes (for sniffing) and sha256. */
  size(id: string): Promise<number>;
  head(id: string): Promise<Uint8Array>;
  sha256(id: string): Promise<string>;
  /** Runs `fn` on a finished upload as a file on this machine (tools such as qpdf need one). */
  withLocalFile<T>(id: string, fn: (path: string) => Promise<T>): Promise<T>;
  /** Moves a finished upload into storage under `key`, leaving nothing in staging. */
  moveInto(storage: Storage, key: string, id: string, size: number): Promise<void>;
  /** Removes an upload's bytes and record from staging. */
  discard(id: string): Promise<void>;
}

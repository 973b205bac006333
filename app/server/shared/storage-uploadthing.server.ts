import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createRequire } from "node:module";
import type * as UploadThingServer from "uploadthing/server";
import type { UTFile } from "uploadthing/server";
import type { ByteRange, Storage } from "./storage.server.ts";

/**
 * Storage on UploadThing, for several app instances sharing files. Our opaque keys become
 * UploadThing "customId"s, so rows need no second key. Files are private: reads go through a
 * short-lived signed URL fetched with HTTP Range, so serveStoredFile streams them like local
 * ones. Uploads are file-backed Blobs (fs.openAsBlob): a 2 GiB video is never held in memory.
 */
export interface UploadThingClient {
  uploadFiles(file: UTFile): Promise<{ data: { key: string; size: number } | null; error: { message: string } | null }>;
  generateSignedURL(key: string, opts: { keyType: "customId"; expiresIn?: number }): Promise<{ ufsUrl: string }>;
  deleteFiles(keys: string, opts: { keyType: "customId" }): Promise<{ success: boolean; deletedCount: number }>;
}

// The SDK (and the effect library under it) costs ~70 MB of memory: load it only when
// UploadThing storage is actually used, never on a server that keeps files locally.
const requireUt = createRequire(import.meta.url);
const sdk = () => requireUt("uploadthing/server") as typeof UploadThingServer;

/** Our keys contain "/", which would read as a path in UploadThing's URLs; "~" never occurs in them. */
export const customIdOf = (key: string) => key.replaceAll("/", "~");

export function uploadThingStorage(client: UploadThingClient, fetchImpl: typeof fetch = fetch): Storage {
  async function uploadFromPath(key: string, localPath: string): Promise<{ size: number }> {
    const blob = await fs.openAsBlob(localPath);
    const file = new (sdk().UTFile)([blob], path.basename(key), { customId: customIdOf(key) });
    const r = await client.uploadFiles(file);
    if (r.error || !r.data) throw new Error(`UploadThing upload failed for ${key}: ${r.error?.message ?? "no data"}`);
    return { size: r.data.size };
  }
  const signed = async (key: string) =>
    (await client.generateSignedURL(customIdOf(key), { keyType: "customId", expiresIn: 300 })).ufsUrl;
  return {
    backend: "UPLOADTHING",
    async put(key, data) {
      if (Buffer.isBuffer(data)) {
        const file = new (sdk().UTFile)([new Uint8Array(data)], path.basename(key), { customId: customIdOf(key) });
        const r = await client.uploadFiles(file);
        if (r.error || !r.data)
          throw new Error(`UploadThing upload failed for ${key}: ${r.error?.message ?? "no data"}`);
        return { size: r.data.size };
      }
      // A stream of unknown length: spool it to disk first, then upload the file.
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "gbc-ut-"));
      const tmp = path.join(dir, "upload");
      try {
        await pipeline(data, fs.createWriteStream(tmp));
        return await uploadFromPath(key, tmp);
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
    async importFile(key, localPath) {
      const result = await uploadFromPath(key, localPath);
      await fsp.rm(localPath, { force: true });
      return result;
    },
    async stat(key) {
      const res = await fetchImpl(await signed(key), { method: "HEAD" });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`UploadThing stat failed for ${key}: HTTP ${res.status}`);
      return { size: Number(res.headers.get("content-length") ?? 0) };
    },
    async read(key, range?: ByteRange) {
      const res = await fetchImpl(await signed(key), {
        headers: range ? { Range: `bytes=${range.start}-${range.end}` } : {},
      });
      if (!res.ok || !res.body) throw new Error(`UploadThing read failed for ${key}: HTTP ${res.status}`);
      return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    },
    async delete(key) {
      await client.deleteFiles(customIdOf(key), { keyType: "customId" });
    },
  };
}

/** The real client, from UPLOADTHING_TOKEN. */
export function uploadThingFromToken(token: string): Storage {
  return uploadThingStorage(new (sdk().UTApi)({ token }) as unknown as UploadThingClient);
}

/**
 * One contract, three storage backends: local disk; the S3 adapter (AWS SDK v3) against s3rver,
 * a real S3-speaking server on loopback; and the UploadThing adapter talking to a stand-in for
 * UploadThing on loopback (real uploads cannot reach UploadThing from here). The stand-in keeps
 * files by customId and serves signed URLs with HTTP Range like ufs.sh does.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UTApi, type UTFile } from "uploadthing/server";
import { localStorage, type Storage } from "#app/server/shared/storage.server.ts";
import {
  customIdOf,
  uploadThingStorage,
  type UploadThingClient,
} from "#app/server/shared/storage-uploadthing.server.ts";
import { s3Storage } from "#app/server/shared/storage-s3.server.ts";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";

function standIn() {
  const files = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const id = decodeURIComponent(new URL(req.url!, "http://x").pathname.replace(/^\/f\//, ""));
    const body = files.get(id);
    if (!body) return res.writeHead(404).end();
    const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? "");
    const [start, end] = m ? [Number(m[1]), Number(m[2])] : [0, body.length - 1];
    res.writeHead(m ? 206 : 200, { "Content-Length": String(end - start + 1) });
    res.end(req.method === "HEAD" ? undefined : body.subarray(start, end + 1));
  });
  let base = "";
  const client: UploadThingClient = {
    async uploadFiles(file: UTFile) {
      const bytes = Buffer.from(await file.arrayBuffer());
      files.set(file.customId!, bytes);
      return { data: { key: `ut_${files.size}`, size: bytes.length }, error: null };
    },
    async generateSignedURL(key) {
      return { ufsUrl: `${base}/f/${encodeURIComponent(key)}?signature=test` };
    },
    async deleteFiles(key) {
      return { success: true, deletedCount: files.delete(key) ? 1 : 0 };
    },
  };
  return {
    files,
    client,
    async start() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

const ut = standIn();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-contract-"));
const S3_PORT = 4183;
const s3 = new S3rver({
  port: S3_PORT,
  address: "127.0.0.1",
  silent: true,
  directory: path.join(dir, "s3"),
  configureBuckets: [{ name: "gbc-files" }],
});
const s3Options = {
  bucket: "gbc-files",
  endpoint: `http://127.0.0.1:${S3_PORT}`,
  accessKeyId: "S3RVER",
  secretAccessKey: "S3RVER",
};
const backends: [string, () => Storage][] = [
  ["local disk", () => localStorage(path.join(dir, "local"))],
  ["S3 adapter (s3rver)", () => s3Storage(s3Options)],
  ["UploadThing adapter", () => uploadThingStorage(ut.client)],
];

beforeAll(async () => {
  await ut.start();
  await s3.run();
});
afterAll(async () => {
  await ut.close();
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)("storage contract: %s", (_name, make) => {
  const storage = make();

  it("stores buffers and streams, stats them and reads byte ranges", async () => {
    expect(await storage.put("entries/e1/a.bin", Buffer.from("0123456789"))).toEqual({ size: 10 });
    expect(await storage.put("entries/e1/b.bin", Readable.from([Buffer.from("xin "), Buffer.from("chào")]))).toEqual({
      size: 9,
    });
    expect(await storage.stat("entries/e1/a.bin")).toEqual({ size: 10 });
    expect(await text(await storage.read("entries/e1/a.bin", { start: 2, end: 4 }))).toBe("234");
    expect(await text(await storage.read("entries/e1/b.bin"))).toBe("xin chào");
    expect(await storage.stat("entries/e1/missing.bin")).toBeNull();
  });

  it("imports a finished upload from disk (moving it) and deletes", async () => {
    const src = path.join(dir, `incoming-${storage.backend}`);
    fs.copyFileSync("tests/fixtures/ky-3.mp4", src);
    const size = fs.statSync(src).size;
    expect(await storage.importFile("entries/e1/video.mp4", src)).toEqual({ size });
    expect(fs.existsSync(src)).toBe(false);
    const back = Buffer.concat(await (await storage.read("entries/e1/video.mp4")).toArray());
    expect(back.equals(fs.readFileSync("tests/fixtures/ky-3.mp4"))).toBe(true);
    await storage.delete("entries/e1/video.mp4");
    expect(await storage.stat("entries/e1/video.mp4")).toBeNull();
  });
});

describe("S3 adapter specifics", () => {
  it("streams a file larger than one multipart chunk and serves ranges from the store", async () => {
    const storage = s3Storage(s3Options);
    const big = Buffer.alloc(9 * 1024 * 1024 + 123, 7);
    big.write("ĐẦU", 0);
    big.write("CUỐI", big.length - 6);
    expect(
      await storage.put("entries/e2/big.bin", Readable.from([big.subarray(0, 5_000_000), big.subarray(5_000_000)])),
    ).toEqual({ size: big.length });
    expect(await text(await storage.read("entries/e2/big.bin", { start: big.length - 6, end: big.length - 1 }))).toBe(
      "CUỐI",
    );
    const whole = Buffer.concat(await (await storage.read("entries/e2/big.bin")).toArray());
    expect(whole.equals(big)).toBe(true);
  });
});

describe("UploadThing adapter specifics", () => {
  it("keys files by a slash-free customId", () => {
    expect(customIdOf("entries/abc/x-1")).toBe("entries~abc~x-1");
    expect(ut.files.has("entries~e1~a.bin")).toBe(true);
  });

  it("signs private URLs with the real UploadThing SDK offline", async () => {
    const token = Buffer.from(
      JSON.stringify({ apiKey: `sk_live_${"a".repeat(64)}`, appId: "giaibaochi", regions: ["sea1"] }),
    ).toString("base64");
    const api = new UTApi({ token, logLevel: "Error" }) as unknown as UploadThingClient;
    const { ufsUrl } = await api.generateSignedURL(customIdOf("entries/e1/a.bin"), {
      keyType: "customId",
      expiresIn: 300,
    });
    expect(ufsUrl).toMatch(/^https:\/\/giaibaochi\.ufs\.sh\/f\/entries~e1~a\.bin\?expires=\d+&signature=hmac-sha256/);
  });
});

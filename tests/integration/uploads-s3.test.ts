/**
 * Resumable uploads staged in S3 (what S3_BUCKET turns on), against a real S3-speaking server
 * (OpenStack Swift's s3api, tests/support/s3-server.ts): what the two-instances test does not
 * cover — a refused file and a cancelled upload leave nothing in the bucket, and a new process
 * counts the unfinished uploads already staged there against the user's quota.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ListMultipartUploadsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createSession } from "#app/server/shared/session.server.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { s3Storage } from "#app/server/shared/storage-s3.server.ts";
import { createUploadService, STAGING_PREFIX, TUS_PATH } from "#app/server/journalist/uploads.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser, tvSeriesForm } from "#tests/support/kit.ts";
import { startTestS3, swiftMissing, type TestS3 } from "#tests/support/s3-server.ts";

const skipReason = swiftMissing();
if (skipReason) console.warn(`[uploads-s3] SKIPPED: ${skipReason}`);

const meta = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
    .join(",");
const tus = { "Tus-Resumable": "1.0.0", "Accept-Language": "vi" };

describe.skipIf(!!skipReason)(`uploads staged in S3 on ${testEngine}`, () => {
  let t: TestDb;
  let s3: TestS3;
  const servers: http.Server[] = [];
  let cookie: string;
  let entryId: string;
  let partId: string;
  let storage: ReturnType<typeof s3Storage> | undefined;

  async function serve(maxCount = 10) {
    const service = await createUploadService({
      getDb: async () => t.db,
      getStorage: () => (storage ??= s3Storage(s3)),
      directory: "/nonexistent", // never used: staging is in S3
      s3: {
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
      },
      staging: { maxCount, maxBytes: 1024 ** 3 },
    });
    const server = http.createServer((req, res) => void service.handle(req, res));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const create = (base: string, size: number, filename = "ky-1.mp4") =>
    fetch(`${base}${TUS_PATH}`, {
      method: "POST",
      headers: {
        ...tus,
        Cookie: cookie,
        "Upload-Length": String(size),
        "Upload-Metadata": meta({ filename, entryId, partId }),
      },
    });
  const patch = (base: string, location: string, offset: number, body: Buffer) =>
    fetch(new URL(location, base), {
      method: "PATCH",
      headers: {
        ...tus,
        Cookie: cookie,
        "Upload-Offset": String(offset),
        "Content-Type": "application/offset+octet-stream",
      },
      body: new Uint8Array(body),
    });
  const staged = async () => {
    const objects = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: STAGING_PREFIX }));
    const uploads = await s3.client.send(
      new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: STAGING_PREFIX }),
    );
    return { objects: (objects.Contents ?? []).map((o) => o.Key), uploads: (uploads.Uploads ?? []).map((u) => u.Key) };
  };

  beforeAll(async () => {
    [t, s3] = await Promise.all([createTestDb(), startTestS3().then((s) => s!)]);
    setNow("2021-11-01T03:00:00Z");
    const contest = await makeContest(t.db);
    const u = await makeUser(t.db);
    cookie = (await createSession(t.db, u.id, new Request("http://x/"))).split(";")[0]!;
    ({ id: entryId } = await saveEntry(t.db, {
      userId: u.id,
      contestId: contest.id,
      form: tvSeriesForm(contest.category("tv").id),
    }));
    partId = (await t.db.entryPart.findFirstOrThrow({ where: { entryId }, orderBy: { position: "asc" } })).id;
  });
  afterAll(async () => {
    setNow(null);
    for (const s of servers) await new Promise((r) => s.close(r));
    await t?.close();
    await s3?.close();
  });

  it("refuses a renamed executable with a clear message and leaves nothing in the bucket", async () => {
    const base = await serve();
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(2000, 7)]);
    const location = (await create(base, exe.length, "phim.mp4")).headers.get("location")!;
    const res = await patch(base, location, 0, exe);
    expect(res.status).toBe(415);
    expect(await res.text()).toContain("bị từ chối");
    expect(await t.db.storedFile.count({ where: { entryId } })).toBe(0);
    expect(await staged()).toEqual({ objects: [], uploads: [] });
  });

  it("refuses a PDF qpdf cannot open (checked on a local copy of the staged upload) and leaves nothing in the bucket", async () => {
    const base = await serve();
    const e = await t.db.entry.findUniqueOrThrow({ where: { id: entryId } });
    const print = await t.db.category.findFirstOrThrow({ where: { contestId: e.contestId, code: "print" } });
    const { id: printEntry } = await saveEntry(t.db, {
      userId: e.submitterId,
      contestId: e.contestId,
      form: tvSeriesForm(print.id, ["2021-03-01"]),
    });
    const printPart = (await t.db.entryPart.findFirstOrThrow({ where: { entryId: printEntry } })).id;
    const upload = async (filename: string, body: Buffer) => {
      const created = await fetch(`${base}${TUS_PATH}`, {
        method: "POST",
        headers: {
          ...tus,
          Cookie: cookie,
          "Upload-Length": String(body.length),
          "Upload-Metadata": meta({ filename, entryId: printEntry, partId: printPart }),
        },
      });
      return patch(base, created.headers.get("location")!, 0, body);
    };
    const res = await upload("bai-hong.pdf", Buffer.from("%PDF-1.4\n garbage"));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("tệp PDF bị hỏng hoặc không đọc được");
    expect(await staged()).toEqual({ objects: [], uploads: [] });
    expect((await upload("trang-1.pdf", fs.readFileSync(path.join("tests/fixtures", "one-page.pdf")))).status).toBe(
      200,
    );
    expect(await t.db.storedFile.count({ where: { entryId: printEntry } })).toBe(1);
  });

  it("frees everything when the journalist cancels an upload (tus DELETE)", async () => {
    const base = await serve();
    const video = Buffer.concat([fs.readFileSync(path.join("tests/fixtures", "ky-1.mp4")), Buffer.alloc(64 * 1024)]);
    const location = (await create(base, video.length)).headers.get("location")!;
    expect((await patch(base, location, 0, video.subarray(0, 10_000))).status).toBe(204);
    expect((await staged()).uploads).toHaveLength(1);
    const del = await fetch(new URL(location, base), { method: "DELETE", headers: { ...tus, Cookie: cookie } });
    expect(del.status).toBe(204);
    expect(await staged()).toEqual({ objects: [], uploads: [] });
  });

  it("counts uploads already staged in the bucket (by another process) against the user's quota", async () => {
    const first = await serve(2);
    for (let i = 0; i < 2; i++) expect((await create(first, 6000)).status).toBe(201);
    // A fresh process (another instance, or after a restart) reads the bucket, not its memory.
    const second = await serve(2);
    const refused = await create(second, 6000);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Bạn đang có 2 lượt tải lên chưa xong");
  });
});

if (skipReason) {
  describe("uploads staged in S3", () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

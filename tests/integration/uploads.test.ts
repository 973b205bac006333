import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createSession } from "#app/server/shared/session.server.ts";
import { localStorage, type Storage } from "#app/server/shared/storage.server.ts";
import { createUploadService, TUS_PATH } from "#app/server/journalist/uploads.server.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { getOwnFile, removeFile } from "#app/server/journalist/evidence.server.ts";
import { setStorage } from "#app/server/shared/storage.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser, tvSeriesForm } from "#tests/support/kit.ts";

const fixture = (name: string) => fs.readFileSync(path.join("tests/fixtures", name));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** A tus PATCH from offset 0 sent by hand (node:http), for bodies fetch cannot send: cut or chunked. */
const rawPatchHeaders = (cookie: string, framing: Record<string, string>) => ({
  Cookie: cookie,
  "Tus-Resumable": "1.0.0",
  "Upload-Offset": "0",
  "Content-Type": "application/offset+octet-stream",
  ...framing,
});
const meta = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
    .join(",");

describe(`resumable evidence uploads (tus) on ${testEngine}`, () => {
  let t: TestDb;
  let dir: string;
  let storage: Storage;
  let server: http.Server;
  let base: string;
  let owner: { cookie: string; id: string };
  let stranger: { cookie: string; id: string };
  let entryId: string;
  let service: Awaited<ReturnType<typeof createUploadService>>;
  let partIds: string[];

  beforeAll(async () => {
    t = await createTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-uploads-"));
    storage = localStorage(path.join(dir, "store"));
    service = await createUploadService({
      getDb: async () => t.db,
      getStorage: () => storage,
      directory: path.join(dir, "tus"),
    });
    server = http.createServer((req, res) => void service.handle(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    setNow("2021-11-01T03:00:00Z");
    const contest = await makeContest(t.db);
    const login = async () => {
      const u = await makeUser(t.db);
      const cookie = (await createSession(t.db, u.id, new Request("http://x/"))).split(";")[0]!;
      return { cookie, id: u.id };
    };
    owner = await login();
    stranger = await login();
    ({ id: entryId } = await saveEntry(t.db, {
      userId: owner.id,
      contestId: contest.id,
      form: tvSeriesForm(contest.category("tv").id),
    }));
    partIds = (await t.db.entryPart.findMany({ where: { entryId }, orderBy: { position: "asc" } })).map((p) => p.id);
  });
  afterAll(async () => {
    setNow(null);
    await new Promise((r) => server?.close(r));
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function create(cookie: string, size: number, m: Record<string, string>) {
    return fetch(`${base}${TUS_PATH}`, {
      method: "POST",
      headers: {
        Cookie: cookie,
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(size),
        "Upload-Metadata": meta(m),
        "Accept-Language": "vi",
      },
    });
  }
  async function patch(cookie: string, url: string, offset: number, body: Buffer) {
    return fetch(new URL(url, base), {
      method: "PATCH",
      headers: {
        Cookie: cookie,
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": String(offset),
        "Content-Type": "application/offset+octet-stream",
        "Accept-Language": "vi",
      },
      body: new Uint8Array(body),
    });
  }

  it("takes a real MP4 in two pieces (resumed), sniffs it, hashes it and stores it for its part", async () => {
    const video = fixture("ky-1.mp4");
    const created = await create(owner.cookie, video.length, { filename: "ky-1.mp4", entryId, partId: partIds[0]! });
    expect(created.status).toBe(201);
    const url = created.headers.get("location")!;
    const half = Math.floor(video.length / 2);
    expect((await patch(owner.cookie, url, 0, video.subarray(0, half))).status).toBe(204);
    // As after a dropped connection: ask where to continue, then send the rest.
    const head = await fetch(new URL(url, base), {
      method: "HEAD",
      headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" },
    });
    expect(head.headers.get("upload-offset")).toBe(String(half));
    const done = await patch(owner.cookie, url, half, video.subarray(half));
    expect(done.status).toBe(200);
    const file = await t.db.storedFile.findFirstOrThrow({ where: { entryId, partId: partIds[0] } });
    expect(file).toMatchObject({
      mimeType: "video/mp4",
      originalName: "ky-1.mp4",
      sha256: sha(video),
      sizeBytes: BigInt(video.length),
      storage: "LOCAL",
    });
    const stored = await storage.stat(file.storageKey);
    expect(stored).toEqual({ size: video.length });
    expect(await t.db.auditEvent.count({ where: { entryId, action: "entry.file.add" } })).toBe(1);
  });

  it("records the right sha256 when the upload is finished by another server process (restart, second instance)", async () => {
    // The running hash lives in the process that received the first bytes; a fresh service
    // must notice it has not seen them and hash the finished file from disk instead.
    const video = fixture("ky-1.mp4");
    const created = await create(owner.cookie, video.length, { filename: "ky-1b.mp4", entryId, partId: partIds[0]! });
    const url = created.headers.get("location")!;
    const half = Math.floor(video.length / 3);
    expect((await patch(owner.cookie, url, 0, video.subarray(0, half))).status).toBe(204);
    const other = await createUploadService({
      getDb: async () => t.db,
      getStorage: () => storage,
      directory: path.join(dir, "tus"),
    });
    const otherServer = http.createServer((req, res) => void other.handle(req, res));
    await new Promise<void>((r) => otherServer.listen(0, "127.0.0.1", r));
    try {
      const otherBase = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;
      const done = await fetch(new URL(url, otherBase), {
        method: "PATCH",
        headers: {
          Cookie: owner.cookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Offset": String(half),
          "Content-Type": "application/offset+octet-stream",
        },
        body: new Uint8Array(video.subarray(half)),
      });
      expect(done.status).toBe(200);
    } finally {
      await new Promise((r) => otherServer.close(r));
    }
    const file = await t.db.storedFile.findFirstOrThrow({
      where: { entryId, partId: partIds[0], originalName: "ky-1b.mp4" },
    });
    expect(file.sha256).toBe(sha(video));
  });

  it("keeps what arrived of a chunk whose connection dropped, resumes from there and records the right sha256", async () => {
    // The running hash must have taken exactly the bytes that reached staging, no more, no less.
    const video = fixture("ky-1.mp4");
    const created = await create(owner.cookie, video.length, { filename: "ky-1c.mp4", entryId, partId: partIds[0]! });
    const url = new URL(created.headers.get("location")!, base);
    const sent = Math.floor(video.length * 0.6);
    await new Promise<void>((resolve) => {
      const req = http.request(url, {
        method: "PATCH",
        headers: rawPatchHeaders(owner.cookie, { "Content-Length": String(video.length) }),
      });
      req.on("error", () => resolve());
      // Part of the promised body, then the connection goes away.
      req.write(video.subarray(0, sent), () => setTimeout(() => req.destroy(), 100));
    });
    let offset = -1;
    for (let i = 0; i < 50 && offset !== sent; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const head = await fetch(url, { method: "HEAD", headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" } });
      offset = Number(head.headers.get("upload-offset"));
    }
    expect(offset).toBe(sent);
    const done = await patch(owner.cookie, url.toString(), sent, video.subarray(sent));
    expect(done.status).toBe(200);
    const file = await t.db.storedFile.findFirstOrThrow({ where: { originalName: "ky-1c.mp4" } });
    expect(file.sha256).toBe(sha(video));
    expect(fs.readFileSync(path.join(dir, "store", file.storageKey)).equals(video)).toBe(true);
  });

  it("hashes the bytes as they arrive and does not read the finished file again", async () => {
    // Proof by a change made behind the server's back: a byte of the staged file altered
    // between two chunks is not in the recorded digest, which is that of the bytes received.
    // (Only a test does this; it shows the digest comes from the running hash.)
    const video = fixture("ky-1.mp4");
    const created = await create(owner.cookie, video.length, {
      filename: "ky-1-altered.mp4",
      entryId,
      partId: partIds[0]!,
    });
    const url = created.headers.get("location")!;
    const half = Math.floor(video.length / 2);
    expect((await patch(owner.cookie, url, 0, video.subarray(0, half))).status).toBe(204);
    const staged = path.join(dir, "tus", url.split("/").pop()!);
    const fd = fs.openSync(staged, "r+");
    fs.writeSync(fd, Buffer.from([video[half - 1]! ^ 0xff]), 0, 1, half - 1);
    fs.closeSync(fd);
    expect((await patch(owner.cookie, url, half, video.subarray(half))).status).toBe(200);
    const file = await t.db.storedFile.findFirstOrThrow({ where: { originalName: "ky-1-altered.mp4" } });
    expect(file.sha256).toBe(sha(video));
    expect(sha(fs.readFileSync(path.join(dir, "store", file.storageKey)))).not.toBe(sha(video));
  });

  it("refuses a chunk longer than the upload it belongs to (413) and keeps no byte past the declared size", async () => {
    const video = fixture("ky-1.mp4");
    const created = await create(owner.cookie, video.length, { filename: "ky-1d.mp4", entryId, partId: partIds[0]! });
    const url = new URL(created.headers.get("location")!, base);
    // Chunked transfer (no Content-Length): the limit is found while the bytes arrive.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(url, {
        method: "PATCH",
        headers: rawPatchHeaders(owner.cookie, { "Transfer-Encoding": "chunked" }),
      });
      req.on("response", (r) => resolve(r.resume()));
      req.on("error", reject);
      req.write(video);
      req.end(Buffer.alloc(256 * 1024, 1));
    });
    expect(res.statusCode).toBe(413);
    const head = await fetch(url, { method: "HEAD", headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" } });
    expect(Number(head.headers.get("upload-offset"))).toBeLessThanOrEqual(video.length);
    expect(await t.db.storedFile.count({ where: { originalName: "ky-1d.mp4" } })).toBe(0);
    // The client gives up on it (tus DELETE): nothing stays in staging.
    const gone = await fetch(url, { method: "DELETE", headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" } });
    expect(gone.status).toBe(204);
  });

  it("accepts a WebM for another part", async () => {
    const video = fixture("ky-2.webm");
    const url = (
      await create(owner.cookie, video.length, { filename: "ky-2.webm", entryId, partId: partIds[1]! })
    ).headers.get("location")!;
    expect((await patch(owner.cookie, url, 0, video)).status).toBe(200);
    expect(await t.db.storedFile.findFirst({ where: { partId: partIds[1] } })).toMatchObject({
      mimeType: "video/webm",
    });
  });

  it("refuses a renamed executable uploaded as .mp4 with a clear message and keeps nothing", async () => {
    const exe = fs.readFileSync("/bin/true");
    const url = (
      await create(owner.cookie, exe.length, { filename: "phong-su.mp4", entryId, partId: partIds[2]! })
    ).headers.get("location")!;
    const res = await patch(owner.cookie, url, 0, exe);
    expect(res.status).toBe(415);
    const message = await res.text();
    expect(message).toContain('Tệp "phong-su.mp4" bị từ chối');
    expect(message).toContain("MP4, MOV, WebM");
    expect(message).toContain("theo nội dung, không theo đuôi tên tệp");
    expect(await t.db.storedFile.count({ where: { partId: partIds[2] } })).toBe(0);
    expect(fs.readdirSync(path.join(dir, "tus"))).toEqual([]);
  });

  it("refuses a declared size beyond the category's limit before any byte is sent", async () => {
    const res = await create(owner.cookie, 3 * 1024 ** 3, { filename: "big.mp4", entryId, partId: partIds[2]! });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Tệp quá lớn: tối đa 2,0 GB");
  });

  it("refuses uploads from a stranger (404) and from anonymous visitors (401)", async () => {
    const video = fixture("ky-3.mp4");
    const foreign = await create(stranger.cookie, video.length, { filename: "x.mp4", entryId, partId: partIds[2]! });
    expect(foreign.status).toBe(404);
    expect((await create("", video.length, { filename: "x.mp4", entryId, partId: partIds[2]! })).status).toBe(401);
    // Nor can a stranger continue the owner's upload, even knowing its URL.
    const url = (
      await create(owner.cookie, video.length, { filename: "ky-3.mp4", entryId, partId: partIds[2]! })
    ).headers.get("location")!;
    expect((await patch(stranger.cookie, url, 0, video)).status).toBe(404);
    expect((await patch(owner.cookie, url, 0, video)).status).toBe(200);
    expect(await t.db.storedFile.count({ where: { entryId, uploadedById: stranger.id } })).toBe(0);
  });

  it("lets only the owner download or remove an evidence file (404 for a stranger)", async () => {
    setStorage(storage);
    const file = await t.db.storedFile.findFirstOrThrow({ where: { partId: partIds[0] } });
    expect((await getOwnFile(t.db, owner.id, file.id)).id).toBe(file.id);
    const status = (e: unknown) => (e instanceof Response ? e.status : e);
    expect(status(await getOwnFile(t.db, stranger.id, file.id).catch((e: unknown) => e))).toBe(404);
    expect(
      status(await removeFile(t.db, { userId: stranger.id, entryId, fileId: file.id }).catch((e: unknown) => e)),
    ).toBe(404);
    await removeFile(t.db, { userId: owner.id, entryId, fileId: file.id });
    expect((await t.db.storedFile.findUniqueOrThrow({ where: { id: file.id } })).deletedAt).not.toBeNull();
    expect(await storage.stat(file.storageKey)).toBeNull();
    expect(status(await getOwnFile(t.db, owner.id, file.id).catch((e: unknown) => e))).toBe(404);
    setStorage(null);
  });

  it("sweeps incomplete uploads started more than 24 hours ago, and keeps younger ones", async () => {
    const video = fixture("ky-3.mp4");
    const ids: string[] = [];
    for (const name of ["old.mp4", "day-old.mp4", "fresh.mp4"]) {
      ids.push(
        (await create(owner.cookie, video.length, { filename: name, entryId, partId: partIds[2]! })).headers
          .get("location")!
          .split("/")
          .pop()!,
      );
    }
    const age = (id: string, hours: number) => {
      const info = path.join(dir, "tus", `${id}.json`);
      const json = JSON.parse(fs.readFileSync(info, "utf8"));
      json.creation_date = new Date(Date.now() - hours * 3_600_000).toISOString();
      fs.writeFileSync(info, JSON.stringify(json));
    };
    age(ids[0]!, 25);
    age(ids[1]!, 23);
    expect(await service.sweep()).toBe(1);
    expect(
      fs
        .readdirSync(path.join(dir, "tus"))
        .filter((f) => f.endsWith(".json"))
        .sort(),
    ).toEqual([`${ids[1]}.json`, `${ids[2]}.json`].sort());
    for (const id of ids.slice(1)) {
      await fetch(`${base}${TUS_PATH}/${id}`, {
        method: "DELETE",
        headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" },
      });
    }
  });

  it("limits each user's unfinished uploads by count and bytes, with a clear message; finishing or cancelling frees the quota", async () => {
    const qdir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-quota-"));
    const quota = await createUploadService({
      getDb: async () => t.db,
      getStorage: () => storage,
      directory: qdir,
      staging: { maxCount: 3, maxBytes: 10 * 1024 ** 2 },
    });
    const qserver = http.createServer((req, res) => void quota.handle(req, res));
    await new Promise<void>((r) => qserver.listen(0, "127.0.0.1", r));
    const qbase = `http://127.0.0.1:${(qserver.address() as AddressInfo).port}`;
    const start = (cookie: string, size: number, lang = "vi") =>
      fetch(`${qbase}${TUS_PATH}`, {
        method: "POST",
        headers: {
          Cookie: cookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Length": String(size),
          "Upload-Metadata": meta({ filename: "x.mp4", entryId, partId: partIds[2]! }),
          "Accept-Language": lang,
        },
      });
    try {
      // Three parked at once, as many in parallel as the quota allows.
      const parked = await Promise.all([1, 2, 3, 4, 5].map(() => start(owner.cookie, 1000)));
      expect(parked.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429]);
      const refused = await start(owner.cookie, 1000);
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain("Bạn đang có 3 lượt tải lên chưa xong (tối đa 3 cùng lúc)");
      expect(await (await start(owner.cookie, 1000, "en")).text()).toContain(
        "You have 3 unfinished uploads (at most 3 at once)",
      );
      expect(fs.readdirSync(qdir).filter((f) => f.endsWith(".json"))).toHaveLength(3);
      // Cancelling one frees a place.
      const first = parked.find((r) => r.status === 201)!.headers.get("location")!;
      expect(
        (
          await fetch(new URL(first, qbase), {
            method: "DELETE",
            headers: { Cookie: owner.cookie, "Tus-Resumable": "1.0.0" },
          })
        ).status,
      ).toBe(204);
      // Bytes: 2 × 1000 staged; 10 MiB more would pass the 10 MiB limit.
      const big = await start(owner.cookie, 10 * 1024 ** 2);
      expect(big.status).toBe(413);
      expect(await big.text()).toContain("vượt giới hạn 10,0 MB cùng lúc");
      // Finishing an upload frees its place too.
      const video = fixture("ky-3.mp4");
      const ok = await start(owner.cookie, video.length);
      expect(ok.status).toBe(201);
      expect((await start(owner.cookie, 1000)).status).toBe(429);
      const done = await fetch(new URL(ok.headers.get("location")!, qbase), {
        method: "PATCH",
        headers: {
          Cookie: owner.cookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Offset": "0",
          "Content-Type": "application/offset+octet-stream",
        },
        body: new Uint8Array(video),
      });
      expect(done.status).toBe(200);
      expect((await start(owner.cookie, 1000)).status).toBe(201);
      // Another journalist has their own quota.
      const other = await makeUser(t.db);
      const otherCookie = (await createSession(t.db, other.id, new Request("http://x/"))).split(";")[0]!;
      const { id: otherEntry } = await saveEntry(t.db, {
        userId: other.id,
        contestId: (await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).contestId,
        form: tvSeriesForm((await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).categoryId),
      });
      const otherPart = (await t.db.entryPart.findFirstOrThrow({ where: { entryId: otherEntry } })).id;
      const res = await fetch(`${qbase}${TUS_PATH}`, {
        method: "POST",
        headers: {
          Cookie: otherCookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Length": "1000",
          "Upload-Metadata": meta({ filename: "y.mp4", entryId: otherEntry, partId: otherPart }),
        },
      });
      expect(res.status).toBe(201);
    } finally {
      await new Promise((r) => qserver.close(r));
      fs.rmSync(qdir, { recursive: true, force: true });
    }
  });

  it("refuses a PDF whose structure cannot be read (no cross-reference table) with a clear message, keeps nothing, and takes a sound one", async () => {
    // Judges get a metadata-stripped copy of every PDF; a file the PDF tools cannot open would
    // be accepted today and fail only when a judge opens it.
    const contestId = (await t.db.entry.findUniqueOrThrow({ where: { id: entryId } })).contestId;
    const print = await t.db.category.findFirstOrThrow({ where: { contestId, code: "print" } });
    const { id: printEntry } = await saveEntry(t.db, {
      userId: owner.id,
      contestId,
      form: tvSeriesForm(print.id, ["2021-03-01"]),
    });
    const part = (await t.db.entryPart.findFirstOrThrow({ where: { entryId: printEntry } })).id;
    const upload = async (name: string, bytes: Buffer, lang: string) => {
      const url = (
        await create(owner.cookie, bytes.length, { filename: name, entryId: printEntry, partId: part })
      ).headers.get("location")!;
      return fetch(new URL(url, base), {
        method: "PATCH",
        headers: {
          Cookie: owner.cookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Offset": "0",
          "Content-Type": "application/offset+octet-stream",
          "Accept-Language": lang,
        },
        body: new Uint8Array(bytes),
      });
    };
    const broken = Buffer.from("%PDF-1.4\n garbage that is no PDF structure at all\n");
    const vi = await upload("bai-bao.pdf", broken, "vi");
    expect(vi.status).toBe(422);
    expect(await vi.text()).toBe(
      'Tệp "bai-bao.pdf" bị từ chối: tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại.',
    );
    const en = await upload("article.pdf", broken, "en");
    expect(en.status).toBe(422);
    expect(await en.text()).toBe(
      '"article.pdf" was refused: the PDF is damaged or cannot be read. Export the PDF again from your editing software and upload it again.',
    );
    expect(await t.db.storedFile.count({ where: { entryId: printEntry } })).toBe(0);
    expect(fs.readdirSync(path.join(dir, "tus"))).toEqual([]);
    expect((await upload("trang-1.pdf", fixture("one-page.pdf"), "vi")).status).toBe(200);
    expect(await t.db.storedFile.findFirst({ where: { entryId: printEntry } })).toMatchObject({
      mimeType: "application/pdf",
      originalName: "trang-1.pdf",
    });
  });

  it("refuses new uploads once the deadline has passed", async () => {
    setNow("2021-11-10T17:00:00Z");
    const video = fixture("ky-3.mp4");
    const res = await create(owner.cookie, video.length, { filename: "late.mp4", entryId, partId: partIds[2]! });
    expect(res.status).toBe(409);
    setNow("2021-11-01T03:00:00Z");
  });
});

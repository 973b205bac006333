/**
 * Blind judging through file metadata: the files an author's tools tagged with their name
 * (PDF Info + XMP, ID3, MP4 tags, EXIF, PNG text) reach judges without it, with HTTP Range
 * still working, while organizers get the original byte for byte.
 * The test files are made here with the same tools (pdfkit, exiftool, ffmpeg). The upload step
 * itself is tested in uploads.test.ts; here the files are put into storage directly.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as judgeRoute from "#app/routes/judge.files.$fileId.ts";
import * as organizerRoute from "#app/routes/organizer.$slug.entries.$entryId.files.$fileId.ts";
import { localStorage, setStorage, type Storage } from "#app/server/shared/storage.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { assign, makeContest, makeEntry, makeFile, makeUser, openRound } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

const AUTHOR = "Tac Gia Bi Mat";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function makePdf(file: string) {
  const doc = new PDFDocument({ info: { Author: AUTHOR, Title: "Bai bao", Creator: `Word of ${AUTHOR}` } });
  const done = new Promise<void>((r) => doc.pipe(fs.createWriteStream(file)).on("finish", () => r()));
  doc.text("Noi dung bai bao du thi");
  doc.end();
  await done;
  execFileSync("exiftool", ["-q", "-overwrite_original", `-XMP-dc:Creator=${AUTHOR}`, file]);
}
const ffmpeg = (...args: string[]) => execFileSync("ffmpeg", ["-v", "error", "-y", ...args]);

describe(`judges' copies without metadata on ${testEngine}`, () => {
  let t: TestDb;
  let dir: string;
  let storage: Storage;
  let judgeCookie: string;
  let organizerCookie: string;
  let slug: string;
  const files: { kind: string; mime: string; original: Buffer; id: string; entryId: string }[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-judge-files-"));
    storage = localStorage(path.join(dir, "store"));
    setStorage(storage);
    const src = path.join(dir, "src");
    fs.mkdirSync(src);
    await makePdf(path.join(src, "a.pdf"));
    ffmpeg(
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:duration=1",
      "-metadata",
      `artist=${AUTHOR}`,
      path.join(src, "a.mp3"),
    );
    ffmpeg(
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=64x64:rate=10:duration=1",
      "-f",
      "lavfi",
      "-i",
      "sine=duration=1",
      "-shortest",
      "-c:v",
      "libx264",
      "-pix_fmt",
      "yuv420p",
      "-metadata",
      `artist=${AUTHOR}`,
      "-metadata",
      `comment=by ${AUTHOR}`,
      path.join(src, "a.mp4"),
    );
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", path.join(src, "a.jpg"));
    execFileSync("exiftool", [
      "-q",
      "-overwrite_original",
      `-EXIF:Artist=${AUTHOR}`,
      `-XMP-dc:Creator=${AUTHOR}`,
      "-Orientation#=6",
      path.join(src, "a.jpg"),
    ]);
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", path.join(src, "a.png"));
    execFileSync("exiftool", ["-q", "-overwrite_original", `-PNG:Author=${AUTHOR}`, path.join(src, "a.png")]);

    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    slug = contest.slug;
    const judge = await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id }] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    judgeCookie = await sessionCookie(t.db, judge.id);
    organizerCookie = await sessionCookie(t.db, organizer.id);
    const author = await makeUser(t.db);
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-001",
    });
    await assign(t.db, contest.rounds[0]!.id, [entry.id], [judge.id]);
    // Opened as an organizer would: once its judges are assigned (the service refuses before).
    await openRound(t.db, contest.rounds[0]!.id);
    for (const [kind, mime] of [
      ["pdf", "application/pdf"],
      ["mp3", "audio/mpeg"],
      ["mp4", "video/mp4"],
      ["jpg", "image/jpeg"],
      ["png", "image/png"],
    ] as const) {
      const original = fs.readFileSync(path.join(src, `a.${kind}`));
      const key = `entries/${entry.id}/${kind}`;
      const row = await makeFile(t.db, {
        entryId: entry.id,
        partId: entry.parts[0]!.id,
        storage,
        storageKey: key,
        bytes: original,
        originalName: `${AUTHOR}.${kind}`,
        mimeType: mime,
      });
      files.push({ kind, mime, original, id: row.id, entryId: entry.id });
    }
  });
  afterAll(async () => {
    setStorage(null);
    releaseTestDbForRoutes();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const asJudge = (fileId: string, range?: string) =>
    judgeRoute.loader({
      request: new Request(`http://localhost/judge/files/${fileId}`, {
        headers: { Cookie: judgeCookie, ...(range ? { Range: range } : {}) },
      }),
      params: { fileId },
      context: {},
    });
  const metadataOf = (bytes: Buffer, kind: string) => {
    const f = path.join(dir, `check-${Math.random().toString(36).slice(2)}.${kind}`);
    fs.writeFileSync(f, bytes);
    return execFileSync("exiftool", ["-a", "-G1", "-s", f], { encoding: "utf8" });
  };

  it("made test files that do carry the author's name (the test can fail)", () => {
    for (const f of files) expect(metadataOf(f.original, f.kind)).toContain(AUTHOR);
  });

  it("prepares the copies in the background when the judge opens the entry", async () => {
    const { prepareJudgeCopies } = await import("#app/server/judging/judge-copy.server.ts");
    const target = files.find((f) => f.kind === "mp3")!;
    prepareJudgeCopies(t.db, [target.id]);
    for (let i = 0; i < 100; i++) {
      if ((await t.db.storedFile.findUniqueOrThrow({ where: { id: target.id } })).judgeStorageKey) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await t.db.storedFile.findUniqueOrThrow({ where: { id: target.id } })).judgeStorageKey).toBe(
      `judge/${target.id}`,
    );
  });

  it("serves judges a copy with no author metadata, content intact, and HTTP Range working", async () => {
    for (const f of files) {
      const res = await asJudge(f.id);
      expect(res.status, f.kind).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(f.mime);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get("Content-Length"))).toBe(body.length);
      const meta = metadataOf(body, f.kind);
      expect(meta, f.kind).not.toContain(AUTHOR);
      // Not even in bytes a metadata reader skips (an old PDF revision, an unknown chunk).
      expect(body.includes(Buffer.from(AUTHOR)), f.kind).toBe(false);
      expect(meta).toMatch(new RegExp(`FileType\\s+: ${f.kind === "jpg" ? "JPEG" : f.kind.toUpperCase()}`));
      if (f.kind === "jpg") expect(meta).toContain("Rotate 90 CW"); // orientation kept: not identifying
      if (f.kind === "pdf") {
        const pdf = path.join(dir, "judge.pdf");
        fs.writeFileSync(pdf, body);
        expect(execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" })).toContain("Noi dung bai bao du thi");
      }
      if (f.kind === "mp4" || f.kind === "mp3") {
        const m = path.join(dir, `judge.${f.kind}`);
        fs.writeFileSync(m, body);
        const probe = execFileSync(
          "ffprobe",
          ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", m],
          { encoding: "utf8" },
        );
        expect(probe.trim().split("\n").sort()).toEqual(f.kind === "mp4" ? ["audio", "video"] : ["audio"]);
      }
      const partial = await asJudge(f.id, "bytes=10-19");
      expect(partial.status).toBe(206);
      expect(partial.headers.get("Content-Range")).toBe(`bytes 10-19/${body.length}`);
      expect(Buffer.from(await partial.arrayBuffer())).toEqual(body.subarray(10, 20));
    }
  });

  it("strips once: the copy is stored beside the original and reused", async () => {
    const row = await t.db.storedFile.findUniqueOrThrow({ where: { id: files[0]!.id } });
    expect(row.judgeStorageKey).toBe(`judge/${row.id}`);
    const before = fs.statSync(path.join(dir, "store", row.judgeStorageKey!)).mtimeMs;
    await (await asJudge(row.id)).arrayBuffer();
    expect(fs.statSync(path.join(dir, "store", row.judgeStorageKey!)).mtimeMs).toBe(before);
  });

  it("keeps the original, byte for byte, for organizers", async () => {
    for (const f of files) {
      const res = await organizerRoute.loader({
        request: new Request("http://localhost/x", { headers: { Cookie: organizerCookie } }),
        params: { slug, entryId: f.entryId, fileId: f.id },
        context: {},
      });
      const body = Buffer.from(await res.arrayBuffer());
      expect(sha(body), f.kind).toBe(sha(f.original));
      expect(metadataOf(body, f.kind)).toContain(AUTHOR);
    }
  });

  it("tells a judge in their language when a copy cannot be made (a file stored before uploads checked PDFs)", async () => {
    const f = files[0]!;
    const key = `entries/${f.entryId}/broken`;
    const row = await makeFile(t.db, {
      entryId: f.entryId,
      partId: (await t.db.entryPart.findFirstOrThrow({ where: { entryId: f.entryId } })).id,
      storage,
      storageKey: key,
      bytes: Buffer.from("%PDF-1.4\n garbage"),
      originalName: "x.pdf",
    });
    const refused = async (lang: string) => {
      const request = new Request(`http://localhost/judge/files/${row.id}`, {
        headers: { Cookie: judgeCookie, "Accept-Language": lang },
      });
      return (await judgeRoute
        .loader({ request, params: { fileId: row.id }, context: {} })
        .catch((e: unknown) => e)) as Response;
    };
    const en = await refused("en");
    expect(en.status).toBe(503);
    expect(await en.text()).toBe(
      "The judges' copy of this file could not be prepared (the error was logged for the organizers). Please try again later.",
    );
    expect(await (await refused("vi")).text()).toBe(
      "Chưa chuẩn bị được bản tệp cho giám khảo (đã ghi lại lỗi cho ban tổ chức). Vui lòng thử lại sau.",
    );
    await t.db.storedFile.update({ where: { id: row.id }, data: { deletedAt: new Date() } });
  });
});

/**
 * Two app instances (the production build, server.mjs) behind no proxy, on one PostgreSQL
 * database and one S3-speaking server (OpenStack Swift's s3api, tests/support/s3-server.ts),
 * both started here; receipts go to a real SMTP server on loopback. What must hold when a
 * deployment runs several instances:
 *  - a resumable upload begun on A continues and finishes on B (staging lives in S3);
 *  - 100 submits spread over both give 100 distinct entry codes and 100 receipts, once each;
 *  - a session made on A works on B.
 * Runs on PostgreSQL only (PGlite is one process's database). Needs `npm run build` (the
 * suite builds first) and python3-swift (CI installs it); without either it says why and skips.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "#app/server/shared/session.server.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { STAGING_PREFIX, TUS_PATH } from "#app/server/journalist/uploads.server.ts";
import { openContest } from "#tests/bench/support.ts";
import { createServerDb, startAppServer, type AppServer, type ServerDb } from "#tests/support/app-server.ts";
import { attachEvidence, tvSeriesForm, makeUser } from "#tests/support/kit.ts";
import { freePort, startTestS3, swiftMissing, type TestS3 } from "#tests/support/s3-server.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";
import { testEngine } from "#tests/support/test-db.ts";

const SUBMITS = 100;
const MiB = 1024 * 1024;

const skipReason =
  testEngine !== "postgres"
    ? "two instances need a PostgreSQL server (TEST_DB=postgres); PGlite is one process's database"
    : swiftMissing();
if (skipReason) console.warn(`[two-instances] SKIPPED: ${skipReason}`);

const meta = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
    .join(",");
const tus = { "Tus-Resumable": "1.0.0", "Accept-Language": "vi" };

describe.skipIf(!!skipReason)("two app instances on one PostgreSQL and one S3 store", () => {
  let s3: TestS3;
  let smtp: TestSmtp;
  let sdb: ServerDb;
  let a: AppServer;
  let b: AppServer;
  let contest: Awaited<ReturnType<typeof openContest>>;

  const dataDirs: string[] = [];
  beforeAll(async () => {
    [s3, smtp, sdb] = await Promise.all([startTestS3().then((s) => s!), startTestSmtp(), createServerDb()]);
    contest = await openContest(sdb.db);
    // Each instance has its own DATA_DIR, as on two machines: nothing is shared through the disk.
    const instance = async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-instance-"));
      dataDirs.push(dataDir);
      return startAppServer(sdb, await freePort(), { ...s3.env, SMTP_URL: smtp.url, DATA_DIR: dataDir });
    };
    [a, b] = await Promise.all([instance(), instance()]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sdb?.close();
    await smtp?.close();
    await s3?.close();
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("continues on B a resumable upload begun on A, and stores the very same bytes", async () => {
    const owner = await makeUser(sdb.db);
    const cookie = (await createSession(sdb.db, owner.id, new Request("http://x/"))).split(";")[0]!;
    const { id: entryId } = await saveEntry(sdb.db, {
      userId: owner.id,
      contestId: contest.contest.id,
      form: tvSeriesForm(contest.tv.id, contest.dates),
    });
    const part = (await sdb.db.entryPart.findFirstOrThrow({ where: { entryId }, orderBy: { position: "asc" } })).id;
    // A real MP4 header, padded to 12 MiB: several S3 parts (8 MiB + the rest) and, after the
    // first 3 MiB chunk, a short tail that S3 keeps aside until the next chunk arrives.
    const video = Buffer.concat([
      fs.readFileSync(path.join("tests/fixtures", "ky-1.mp4")),
      randomBytes(12 * MiB),
    ]).subarray(0, 12 * MiB);

    const created = await fetch(`${a.url}${TUS_PATH}`, {
      method: "POST",
      headers: {
        ...tus,
        Cookie: cookie,
        "Upload-Length": String(video.length),
        "Upload-Metadata": meta({ filename: "ky-1.mp4", entryId, partId: part }),
      },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    const patch = (base: string, offset: number, body: Buffer) =>
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
    const first = await patch(a.url, 0, video.subarray(0, 3 * MiB));
    expect(first.status).toBe(204);
    expect(first.headers.get("upload-offset")).toBe(String(3 * MiB));

    // Instance B knows where the upload stands although A took the bytes.
    const head = await fetch(new URL(location, b.url), { method: "HEAD", headers: { ...tus, Cookie: cookie } });
    expect(head.status).toBe(200);
    expect(head.headers.get("upload-offset")).toBe(String(3 * MiB));
    // Nobody else may continue it, on either instance.
    const stranger = await makeUser(sdb.db);
    const strangerCookie = (await createSession(sdb.db, stranger.id, new Request("http://x/"))).split(";")[0]!;
    const theft = await fetch(new URL(location, b.url), {
      method: "HEAD",
      headers: { ...tus, Cookie: strangerCookie },
    });
    expect(theft.status).toBe(404);

    const rest = await patch(b.url, 3 * MiB, video.subarray(3 * MiB));
    expect(rest.status).toBe(200);
    const done = (await rest.json()) as { id: string; sha256: string; size: number; mimeType: string };
    const sha = createHash("sha256").update(video).digest("hex");
    expect(done).toMatchObject({ sha256: sha, size: video.length, mimeType: "video/mp4" });

    const row = await sdb.db.storedFile.findUniqueOrThrow({ where: { id: done.id } });
    expect(row).toMatchObject({ storage: "S3", sha256: sha, entryId, partId: part });
    // The owner downloads it through the other instance: byte for byte what was sent.
    const download = await fetch(`${a.url}/me/files/${done.id}`, { headers: { Cookie: cookie } });
    expect(download.status).toBe(200);
    expect(
      createHash("sha256")
        .update(Buffer.from(await download.arrayBuffer()))
        .digest("hex"),
    ).toBe(sha);
    // Nothing is left in staging: no object, record or tail, no unfinished multipart upload.
    const staged = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: STAGING_PREFIX }));
    expect(staged.KeyCount ?? 0).toBe(0);
  });

  it(`takes ${SUBMITS} submits spread over both: ${SUBMITS} distinct codes and ${SUBMITS} receipts, each once`, async () => {
    const form = tvSeriesForm(contest.tv.id, contest.dates);
    // Fixtures for what this test does not exercise: accounts, drafts and their evidence.
    const fixture = async () => {
      const u = await makeUser(sdb.db);
      const cookie = (await createSession(sdb.db, u.id, new Request("http://x/"))).split(";")[0]!;
      const { id } = await saveEntry(sdb.db, { userId: u.id, contestId: contest.contest.id, form });
      await attachEvidence(sdb.db, id, u.id);
      const { version } = await sdb.db.entry.findUniqueOrThrow({ where: { id } });
      return {
        cookie,
        entryId: id,
        email: u.email,
        body: new URLSearchParams({ intent: "submit", payload: JSON.stringify({ ...form, version }) }).toString(),
      };
    };
    const jobs: Awaited<ReturnType<typeof fixture>>[] = [];
    while (jobs.length < SUBMITS) jobs.push(...(await Promise.all(Array.from({ length: 10 }, fixture))));
    // Pressed "Nộp tác phẩm", alternately on A and B, 10 at a time.
    const queue = jobs.map((job, i) => ({ job, app: i % 2 ? b : a }));
    const outcomes: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const res = await fetch(`${next.app.url}/me/entries/${next.job.entryId}`, {
            method: "POST",
            redirect: "manual",
            headers: {
              Cookie: next.job.cookie,
              "Content-Type": "application/x-www-form-urlencoded",
              Origin: next.app.url,
            },
            body: next.job.body,
          });
          await res.arrayBuffer();
          outcomes.push(
            `${res.status} ${res.headers.get("location")?.includes("done=submitted") ? "submitted" : res.headers.get("location")}`,
          );
        }
      }),
    );
    expect(outcomes.filter((o) => o !== "302 submitted")).toEqual([]);

    const entries = await sdb.db.entry.findMany({
      where: { id: { in: jobs.map((j) => j.entryId) } },
      select: { status: true, code: true },
    });
    expect(entries.every((e) => e.status === "SUBMITTED")).toBe(true);
    expect(new Set(entries.map((e) => e.code)).size).toBe(SUBMITS);

    // Both instances send from the one outbox: every journalist gets one receipt with its PDF.
    const receipts = () => smtp.mails.filter((m) => m.attachments.some((x) => x.contentType === "application/pdf"));
    const deadline = Date.now() + 90_000;
    while (receipts().length < SUBMITS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1_500)); // a duplicate sent late by the other instance would arrive here
    const perJournalist = jobs.map(
      (j) => smtp.to(j.email).filter((m) => m.attachments.some((x) => x.contentType === "application/pdf")).length,
    );
    expect(perJournalist.filter((n) => n !== 1)).toEqual([]);
    expect(receipts()).toHaveLength(SUBMITS);
    // The receipts alone may take the 90 s above on a loaded 2-core machine.
  }, 240_000);

  it("accepts on B a session made by signing in on A", async () => {
    const u = await makeUser(sdb.db, { name: "Trần Thị Hai Máy" });
    const login = await fetch(`${a.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: a.url },
      body: new URLSearchParams({ email: u.email, password: u.password }),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).not.toBe("");

    const onB = await fetch(`${b.url}/me/entries`, {
      headers: { Cookie: cookie, "Accept-Language": "vi" },
      redirect: "manual",
    });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Trần Thị Hai Máy");
    // Without it, B sends the visitor to sign in.
    const anonymous = await fetch(`${b.url}/me/entries`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login");
  });
});

if (skipReason) {
  describe("two app instances", () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

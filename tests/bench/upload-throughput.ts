/**
 * 1 GiB evidence upload through the real server (tus, 8 MiB chunks as the browser sends them,
 * then sniffing, sha256 and the move into storage), compared with dd writing 1 GiB to the same
 * disk, plus the server's peak resident memory.
 *   npm run build && BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \
 *     npx tsx tests/bench/upload-throughput.ts
 *   npm run build && BENCH_DB=pglite npx tsx tests/bench/upload-throughput.ts      (embedded database)
 * BENCH_SIZE_MIB changes the size (default 1024).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import * as tus from "tus-js-client";
import { createSession } from "#app/server/shared/session.server.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { makeUser, tvSeriesForm } from "#tests/support/kit.ts";
import { benchDb, cpuMs, openContest, rssMiB, startApp } from "./support.ts";

const MiB = 1024 * 1024;
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const chunkMiB = Number(process.env.BENCH_CHUNK_MIB ?? 8);

const b = await benchDb();
// Fixtures first: on PGlite the app takes the data directory over while it runs.
const { contest, tv, dates } = await openContest(b.db);
const user = await makeUser(b.db);
const cookie = (await createSession(b.db, user.id, new Request("http://bench/"))).split(";")[0]!;
const { id: entryId } = await saveEntry(b.db, {
  userId: user.id,
  contestId: contest.id,
  form: tvSeriesForm(tv.id, dates),
});
const part = await b.db.entryPart.findFirstOrThrow({ where: { entryId, position: 1 } });
const app = await startApp(b);
let stopped = false;
try {
  // A real MP4 head (so it sniffs as video) followed by incompressible bytes up to the size.
  const src = path.join(b.dataDir, "source.mp4");
  const fd = fs.openSync(src, "w");
  fs.writeSync(fd, fs.readFileSync("tests/fixtures/ky-1.mp4"));
  const block = randomBytes(8 * MiB);
  let written = fs.fstatSync(fd).size;
  while (written < sizeMiB * MiB)
    written += fs.writeSync(fd, block, 0, Math.min(block.length, sizeMiB * MiB - written));
  fs.closeSync(fd);
  const size = fs.statSync(src).size;

  const before = rssMiB(app.pid);
  let peakSampled = before.now;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, rssMiB(app.pid).now)), 100);
  // CPU time (server, and this process as the client) barely moves with the machine's load,
  // unlike the wall clock: it shows where the time goes on a busy machine.
  const serverCpu0 = cpuMs(app.pid);
  const clientCpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(src), {
      endpoint: `${app.url}/uploads/tus`,
      uploadSize: size,
      chunkSize: chunkMiB * MiB,
      headers: { Cookie: cookie },
      metadata: { filename: "phong-su-1gib.mp4", entryId, partId: part.id },
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuMs(app.pid) - serverCpu0;
  const clientUsage = process.cpuUsage(clientCpu0);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1000;
  clearInterval(sampler);
  const after = rssMiB(app.pid);
  // On PGlite the app holds the data directory while it runs: stop it before reading the record.
  await app.stop();
  stopped = true;
  const file = await b.db.storedFile.findFirstOrThrow({ where: { partId: part.id } });
  if (Number(file.sizeBytes) !== size || file.mimeType !== "video/mp4")
    throw new Error("upload not recorded as expected");
  // The server hashes while the bytes arrive: the recorded digest must be the file's.
  const expected = createHash("sha256");
  for await (const chunk of fs.createReadStream(src)) expected.update(chunk as Buffer);
  if (file.sha256 !== expected.digest("hex")) throw new Error("recorded sha256 differs from the file's");

  const dd = (extra: string[]) => {
    const out = execFileSync(
      "dd",
      ["if=/dev/zero", `of=${path.join(b.dataDir, "dd.bin")}`, "bs=8M", `count=${Math.ceil(sizeMiB / 8)}`, ...extra],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).toString();
    return out;
  };
  const ddSeconds = (extra: string[]) => {
    const t = performance.now();
    dd(extra);
    const s = (performance.now() - t) / 1000;
    fs.rmSync(path.join(b.dataDir, "dd.bin"), { force: true });
    return s;
  };
  // Best of three each: the first write to a fresh file is often the slowest.
  const best = (extra: string[]) => Math.min(ddSeconds(extra), ddSeconds(extra), ddSeconds(extra));
  const ddPlain = best([]);
  const ddSync = best(["conv=fdatasync"]);
  const mbps = (s: number) => (size / MiB / s).toFixed(0);

  console.log(
    `upload of ${(size / MiB).toFixed(0)} MiB through tus (${chunkMiB} MiB chunks) incl. sniff + sha256 + move: ${seconds.toFixed(2)} s = ${mbps(seconds)} MiB/s`,
  );
  console.log(
    `dd to the same disk: ${ddPlain.toFixed(2)} s = ${mbps(ddPlain)} MiB/s (page cache); ${ddSync.toFixed(2)} s = ${mbps(ddSync)} MiB/s (conv=fdatasync)`,
  );
  console.log(
    `ratio upload/dd: ${(ddPlain / seconds).toFixed(2)} (page cache), ${(ddSync / seconds).toFixed(2)} (fdatasync)`,
  );
  const perGiB = (ms: number) => ((ms / 1000) * (1024 * MiB)) / size;
  console.log(
    `CPU per GiB during the upload: server ${perGiB(serverCpu).toFixed(2)} s, client (tus-js-client in this process) ${perGiB(clientCpu).toFixed(2)} s; load average ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  console.log(
    `server RSS: ${before.now} MiB before, ${after.now} MiB after, peak sampled ${peakSampled} MiB, VmHWM ${after.peak} MiB (since start)`,
  );
} finally {
  if (!stopped) await app.stop();
  await b.close();
}

/**
 * A deadline rush: N journalists press "Nộp tác phẩm" at the same moment, through the real
 * server (HTTP form posts to /me/entries/<id>, each saving the form, checking every rule,
 * allocating the code in the database and queuing the receipt). With BENCH_DOUBLE=1 each
 * entry is also double-clicked (a second identical post) to show idempotency under load. The
 * receipts are delivered to a real SMTP server on loopback, so "receipts" counts mails that
 * arrived with their PDF attached, once per journalist. Prints rps, p50/p99 latency and
 * errors, then checks the outcome: N entries, N distinct codes, N receipts.
 *   npm run build && BENCH_DATABASE_URL=postgresql://… npx tsx tests/bench/deadline-rush.ts
 *   BENCH_DB=pglite npx tsx tests/bench/deadline-rush.ts          (embedded database)
 * BENCH_N (default 200) entries, BENCH_CONCURRENCY (default 50) requests in flight,
 * BENCH_DOUBLE (default 1) post each entry twice, BENCH_INSTANCES (default 1; PostgreSQL
 * only) app instances sharing the database, requests spread round-robin, on BENCH_PORT,
 * BENCH_PORT+1, …; BENCH_SMTP_PORT (default: any free port).
 * The last line is machine-readable:
 *   deadline-rush: submitted=N/N errors=E duplicates=D receipts=R p50_ms=… p99_ms=… rss_mib=…
 */
import os from "node:os";
import { createSession } from "#app/server/shared/session.server.ts";
import { makeUser, attachEvidence, tvSeriesForm } from "#tests/support/kit.ts";
import { startTestSmtp } from "#tests/support/smtp.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { benchDb, cpuMs, openContest, percentile, pgBackendCpu, rssMiB, startApp, type App } from "./support.ts";

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DOUBLE = process.env.BENCH_DOUBLE !== "0";
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const PORT = Number(process.env.BENCH_PORT ?? 3299);

const b = await benchDb();
if (b.kind === "pglite" && INSTANCES > 1)
  throw new Error("PGlite is one process's database: BENCH_INSTANCES must be 1.");
const smtp = await startTestSmtp(Number(process.env.BENCH_SMTP_PORT ?? 0));
const apps: App[] = [];
try {
  const { contest, tv, dates } = await openContest(b.db);
  const form = tvSeriesForm(tv.id, dates);
  const jobs: { cookie: string; entryId: string; body: string; email: string }[] = [];
  for (let i = 0; i < N; i++) {
    const u = await makeUser(b.db);
    const cookie = (await createSession(b.db, u.id, new Request("http://bench/"))).split(";")[0]!;
    const { id } = await saveEntry(b.db, { userId: u.id, contestId: contest.id, form });
    await attachEvidence(b.db, id, u.id);
    const { version } = await b.db.entry.findUniqueOrThrow({ where: { id } });
    const body = new URLSearchParams({ intent: "submit", payload: JSON.stringify({ ...form, version }) }).toString();
    jobs.push({ cookie, entryId: id, body, email: u.email });
  }
  for (let i = 0; i < INSTANCES; i++) apps.push(await startApp(b, PORT + i, { SMTP_URL: smtp.url }));
  // Each entry twice (a double click), shuffled, so duplicates race each other.
  const queue = (DOUBLE ? [...jobs, ...jobs] : [...jobs]).sort(() => Math.random() - 0.5);
  const total = queue.length;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let sent = 0;
  const load0 = os.loadavg()[0]!.toFixed(2);
  const cpu0 = apps.map((a) => cpuMs(a.pid));
  const pg0 = await pgBackendCpu(b.databaseUrl);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let job = queue.pop(); job; job = queue.pop()) {
        const app = apps[sent++ % apps.length]!;
        const start = performance.now();
        try {
          const res = await fetch(`${app.url}/me/entries/${job.entryId}`, {
            method: "POST",
            redirect: "manual",
            headers: { Cookie: job.cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: job.body,
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          // Both the first post and its duplicate land on ?done=submitted.
          if (res.status !== 302 || !res.headers.get("location")?.includes("done=submitted")) errors += 1;
        } catch (err) {
          errors += 1;
          if (errors <= 3)
            console.error(
              "request failed:",
              err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : err,
            );
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const rushCpuMs = apps.reduce((sum, a, i) => sum + cpuMs(a.pid) - cpu0[i]!, 0);
  // Backends that exited during the rush are missed (the pools keep theirs while busy).
  const pgRushMs = [...(await pgBackendCpu(b.databaseUrl))].reduce(
    (sum, [pid, ms]) => sum + ms - (pg0.get(pid) ?? 0),
    0,
  );
  // Receipts are delivered after the rush: wait for the outbox to drain (bounded).
  const drainStart = performance.now();
  while (smtp.mails.length < N && performance.now() - drainStart < 420_000) {
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 1_000)); // a late duplicate would show up here
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const peak = Math.max(...apps.map((a) => rssMiB(a.pid).peak));
  for (const a of apps.splice(0)) await a.stop();
  latencies.sort((x, y) => x - y);
  const submitted = await b.db.entry.findMany({
    where: { contestId: contest.id, status: "SUBMITTED" },
    select: { code: true },
  });
  const distinct = new Set(submitted.map((s) => s.code)).size;
  const queued = await b.db.outboxMail.count({ where: { template: "journalist/receipt" } });
  // A receipt counts when it reached the journalist's mailbox with its PDF, exactly once.
  let receipts = 0;
  let duplicateMails = 0;
  for (const j of jobs) {
    const got = smtp
      .to(j.email)
      .filter((m) =>
        m.attachments.some(
          (a) => a.contentType === "application/pdf" && a.content.subarray(0, 5).toString() === "%PDF-",
        ),
      );
    if (got.length >= 1) receipts += 1;
    if (got.length > 1) duplicateMails += got.length - 1;
  }
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(
    `${N} entries × ${DOUBLE ? 2 : 1} posts = ${total} requests, ${CONCURRENCY} in flight, ${INSTANCES} instance(s), ${b.kind === "pglite" ? "PGlite" : "PostgreSQL"}`,
  );
  console.log(
    `${(total / seconds).toFixed(1)} req/s over ${seconds.toFixed(2)} s; latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
  );
  console.log(`statuses ${JSON.stringify(Object.fromEntries(statuses))}; errors ${errors}`);
  console.log(
    `outcome: ${submitted.length} submitted, ${distinct} distinct codes, ${queued} receipts queued, ${receipts} delivered with PDF (${duplicateMails} duplicate mails) ${drainSeconds.toFixed(1)} s after the rush`,
  );
  console.log(
    `server RSS peak (VmHWM) ${peak} MiB; server CPU during the rush ${(rushCpuMs / 1000).toFixed(1)} s = ${(rushCpuMs / total).toFixed(1)} ms per request (all instances)${b.kind === "postgres" ? `; PostgreSQL backends ${(pgRushMs / 1000).toFixed(1)} s = ${(pgRushMs / total).toFixed(1)} ms per request` : ""}`,
  );
  console.log(
    `machine load average: 1 min ${load0} at the start, 1/5/15 min at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (submitted.length !== N || receipts !== N || duplicateMails)
    console.log("UNEXPECTED OUTCOME: expected every entry submitted once with one receipt");
  console.log(
    `deadline-rush: submitted=${submitted.length}/${N} errors=${errors} duplicates=${submitted.length - distinct + duplicateMails} receipts=${receipts} p50_ms=${p50.toFixed(0)} p99_ms=${p99.toFixed(0)} rss_mib=${peak}`,
  );
} finally {
  for (const a of apps) await a.stop();
  await smtp.close();
  await b.close();
}

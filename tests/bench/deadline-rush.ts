/**
 * A deadline rush: N journalists press "Nộp tác phẩm" at the same moment, through the real
 * server (HTTP form posts to /me/entries/<id>, each saving the form, checking every rule,
 * allocating the code in the database and queuing the receipt with its PDF). Each entry is also
 * double-clicked (a second identical post) to show idempotency under load. Prints rps,
 * p50/p99 latency and errors, then checks the outcome: N entries, N distinct codes, N receipts.
 *   npm run build && BENCH_DATABASE_URL=postgresql://… npx tsx tests/bench/deadline-rush.ts
 * BENCH_N (default 200) entries, BENCH_CONCURRENCY (default 50) requests in flight.
 */
import { createSession } from "#app/server/session.server.ts";
import { makeUser } from "#tests/support/factories.ts";
import { attachEvidence, tvSeriesForm } from "#tests/support/entry-fixtures.ts";
import { saveEntry } from "#app/server/entries.server.ts";
import { benchDb, openContest, percentile, rssMiB, startApp } from "./support.ts";

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

const b = await benchDb();
const app = await startApp(b);
try {
  const { contest, tv, dates } = await openContest(b.db);
  const form = tvSeriesForm(tv.id, dates);
  const jobs: { cookie: string; entryId: string; body: string }[] = [];
  for (let i = 0; i < N; i++) {
    const u = await makeUser(b.db);
    const cookie = (await createSession(b.db, u.id, new Request("http://bench/"))).split(";")[0]!;
    const { id } = await saveEntry(b.db, { userId: u.id, contestId: contest.id, form });
    await attachEvidence(b.db, id, u.id);
    const { version } = await b.db.entry.findUniqueOrThrow({ where: { id } });
    const body = new URLSearchParams({ intent: "submit", payload: JSON.stringify({ ...form, version }) }).toString();
    jobs.push({ cookie, entryId: id, body });
  }
  // Each entry twice (a double click), shuffled, so duplicates race each other.
  const queue = [...jobs, ...jobs].sort(() => Math.random() - 0.5);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let job = queue.pop(); job; job = queue.pop()) {
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
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((x, y) => x - y);
  const submitted = await b.db.entry.findMany({ where: { contestId: contest.id, status: "SUBMITTED" }, select: { code: true } });
  const receipts = await b.db.outboxMail.count({ where: { template: "journalist/receipt" } });
  console.log(`${N} entries × 2 posts = ${N * 2} requests, ${CONCURRENCY} in flight, PostgreSQL`);
  console.log(`${(N * 2 / seconds).toFixed(1)} req/s over ${seconds.toFixed(2)} s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
  console.log(`statuses ${JSON.stringify(Object.fromEntries(statuses))}; errors ${errors}`);
  console.log(`outcome: ${submitted.length} submitted, ${new Set(submitted.map((s) => s.code)).size} distinct codes, ${receipts} receipts queued`);
  console.log(`server RSS peak (VmHWM) ${rssMiB(app.pid).peak} MiB`);
  if (submitted.length !== N || receipts !== N) console.log("UNEXPECTED OUTCOME: expected every entry submitted once with one receipt");
} finally {
  await app.stop();
  await b.close();
}

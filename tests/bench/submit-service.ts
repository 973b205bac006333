/**
 * The submit path without HTTP: N drafts, then getOwnEntry + submitEntry for each, C in flight,
 * in this process. Prints the process's CPU per submit (Prisma, pg client, app code; the
 * database server's CPU is not counted), to compare changes to the submit path under the same
 * conditions when the machine is too busy for deadline-rush.ts's latencies to mean much.
 *   BENCH_DATABASE_URL=postgresql://… npx tsx tests/bench/submit-service.ts
 *   BENCH_DB=pglite npx tsx tests/bench/submit-service.ts
 * BENCH_N (default 300) drafts, BENCH_CONCURRENCY (default 50).
 * Last line: submit-service: n=N cpu_ms_per_submit=… wall_s=…
 */
import os from "node:os";
import { getOwnEntry, saveEntry } from "#app/server/journalist/entries.server.ts";
import { submitEntry } from "#app/server/journalist/submission.server.ts";
import { makeUser } from "#tests/support/kit.ts";
import { attachEvidence, tvSeriesForm } from "#tests/support/kit.ts";
import { benchDb, openContest } from "./support.ts";

const N = Number(process.env.BENCH_N ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
// The gate sizes itself from DATABASE_URL (PGlite: one transaction at a time), as in the app.
if (process.env.BENCH_DB === "pglite") delete process.env.DATABASE_URL;
const b = await benchDb();
if (b.kind === "postgres") process.env.DATABASE_URL = b.databaseUrl;
try {
  const { contest, tv, dates } = await openContest(b.db);
  const form = tvSeriesForm(tv.id, dates);
  const jobs: { userId: string; entryId: string }[] = [];
  for (let i = 0; i < N; i++) {
    const u = await makeUser(b.db);
    const { id } = await saveEntry(b.db, { userId: u.id, contestId: contest.id, form });
    await attachEvidence(b.db, id, u.id);
    jobs.push({ userId: u.id, entryId: id });
  }
  const load0 = os.loadavg()[0]!.toFixed(2);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let j = jobs.pop(); j; j = jobs.pop()) {
        const known = await getOwnEntry(b.db, j.userId, j.entryId);
        await submitEntry(b.db, { userId: j.userId, entryId: j.entryId, locale: "vi", known });
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const submitted = await b.db.entry.count({ where: { contestId: contest.id, status: "SUBMITTED" } });
  console.log(
    `${N} submits, ${CONCURRENCY} in flight, ${b.kind}; ${submitted} submitted; machine load 1 min ${load0} at the start, ${os.loadavg()[0]!.toFixed(2)} at the end`,
  );
  console.log(
    `submit-service: n=${N} cpu_ms_per_submit=${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} wall_s=${wall.toFixed(1)}`,
  );
} finally {
  await b.close();
}
process.exit(0);

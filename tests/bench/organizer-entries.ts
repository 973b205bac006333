/**
 * Organizer entries table at 10,000 entries: seeds a contest with 10k submitted entries (parts,
 * authors), then times the table's queries (first page, filters, search, sorts, deep page),
 * the flag recomputation and the exports. Prints the median of several runs per query.
 *
 *   npx tsx tests/bench/organizer-entries.ts              # embedded PGlite
 *   TEST_DB=postgres TEST_DATABASE_URL=postgresql://… npx tsx tests/bench/organizer-entries.ts
 */
import { entrySearchText } from "#app/domain/search.ts";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { normalizeName } from "#app/domain/text.ts";
import { EntryFiltersSchema, listEntries, recomputeFlags } from "#app/server/organizer/entries.server.ts";
import { exportCsv, exportXlsx } from "#app/server/organizer/exports.server.ts";
import { createTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";

const N = Number(process.env.BENCH_ENTRIES ?? 10_000);
const RUNS = 7;
const AGENCIES = [
  "Báo Hải Dương",
  "Đài PT-TH Hải Dương",
  "Báo Nhân Dân",
  "Báo Lao Động",
  "Báo Tuổi Trẻ",
  "VTV",
  "Báo Thanh Niên",
];
const WORDS = [
  "nông thôn mới",
  "công nghiệp",
  "chống dịch",
  "giáo dục",
  "văn hoá",
  "giao thông",
  "môi trường",
  "du lịch",
  "an sinh",
  "chuyển đổi số",
];

const t = await createTestDb();
const db = t.db;
console.log(`Seeding ${N} entries on ${t.engine}…`);
const seedStart = performance.now();
const contest = await makeContest(db, { phase: "CLOSED" });
const submitter = await makeUser(db);
const cats = contest.categories;
const BATCH = 1000;
for (let b = 0; b < N; b += BATCH) {
  const entries = [];
  const parts = [];
  const authors = [];
  for (let i = b; i < Math.min(N, b + BATCH); i++) {
    const id = `bench-${i}-${randomBytes(3).toString("hex")}`;
    const cat = cats[i % cats.length]!;
    const postal = i % 10 === 0;
    entries.push({
      id,
      contestId: contest.id,
      categoryId: cat.id,
      submitterId: submitter.id,
      code: `${cat.codePrefix}-${String(Math.floor(i / cats.length) + 1).padStart(4, "0")}`,
      title: `Phóng sự ${WORDS[i % WORDS.length]} số ${i}`,
      outlet: AGENCIES[i % AGENCIES.length]!,
      status: (["SUBMITTED", "ELIGIBLE", "INELIGIBLE", "SUBMITTED"] as const)[i % 4],
      channel: postal ? ("POSTAL" as const) : ("ONLINE" as const),
      postmarkDate: postal ? new Date(Date.UTC(2021, 10, 1 + (i % 12))) : null,
      submittedAt: new Date(Date.UTC(2021, 9, 1) + (i % 40) * 86_400_000 + i * 1000),
      flags: i % 7 === 0 ? ["missing_evidence"] : [],
      // What the services write (app/domain/search.ts); the search reads only this column.
      searchText: entrySearchText({
        title: `Phóng sự ${WORDS[i % WORDS.length]} số ${i}`,
        outlet: AGENCIES[i % AGENCIES.length]!,
        authors: [{ fullName: `Nguyễn Văn ${i}`, penName: `Bút danh ${i}`, email: `tacgia${i}@example.test` }],
        parts: Array.from({ length: i % 5 === 0 ? 3 : 1 }, (_, k) => ({
          url: `https://bao.example.test/${i}/${k + 1}`,
        })),
      }),
    });
    const nParts = i % 5 === 0 ? 3 : 1;
    for (let p = 1; p <= nParts; p++) {
      parts.push({
        entryId: id,
        position: p,
        publishedOn: new Date(Date.UTC(2021, (i + p) % 9, 1 + (i % 27))),
        url: `https://bao.example.test/${i}/${p}`,
      });
    }
    const agency = AGENCIES[(i * 3) % AGENCIES.length]!;
    authors.push({
      entryId: id,
      position: 1,
      fullName: `Nguyễn Văn ${i}`,
      penName: `Bút danh ${i}`,
      agency,
      agencyNormalized: normalizeName(agency),
      email: `tacgia${i}@example.test`,
      shareBp: 10_000,
    });
  }
  await db.entry.createMany({ data: entries });
  await db.entryPart.createMany({ data: parts });
  await db.entryAuthor.createMany({ data: authors });
}
if (t.engine === "postgres") await db.$executeRawUnsafe("ANALYZE");
console.log(`Seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`);

async function time(label: string, fn: () => Promise<unknown>, runs = RUNS) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(52)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(1).padStart(7)} ms   max ${ms.at(-1)!.toFixed(1).padStart(7)} ms`,
  );
}

const f = (q: Record<string, string>) => EntryFiltersSchema.parse(q);
const queries: [string, Record<string, string>][] = [
  ["first page (50, by code)", {}],
  ["filter: category + status", { category: "print", status: "ELIGIBLE" }],
  ["filter: channel POSTAL", { channel: "POSTAL" }],
  // A status no entry has: a generic plan for "status = $1" walked the whole code index.
  ["filter: status WITHDRAWN (none)", { status: "WITHDRAWN" }],
  ["filter: any flag", { flag: "any" }],
  ["filter: flag missing_evidence", { flag: "missing_evidence" }],
  ["search: code 'BI-0123'", { q: "BI-0123" }],
  ["search: title words 'chuyển đổi số'", { q: "chuyển đổi số" }],
  ["search: author name 'Nguyễn Văn 9876'", { q: "Nguyễn Văn 9876" }],
  ["search: pen name 'Bút danh 4321'", { q: "Bút danh 4321" }],
  ["search: URL 'bao.example.test/777/'", { q: "bao.example.test/777/" }],
  ["search: no match", { q: "không có gì khớp cả" }],
  ["search: without diacritics 'chuyen doi so'", { q: "chuyen doi so" }],
  ["sort: submittedAt desc", { sort: "submittedAt", dir: "desc" }],
  ["sort: code desc", { sort: "code", dir: "desc" }],
  ["sort: title asc", { sort: "title" }],
  ["deep page (page 150 of 200)", { page: "150" }],
];
console.log(`Entries table (${N} entries):`);
for (const [label, q] of queries) await time(label, () => listEntries(db, contest.id, f(q)));
console.log("");
await time("recompute flags (whole contest)", () => recomputeFlags(db, contest.id), 3);
await time("export entries CSV", () => exportCsv(db, contest.id, "entries"), 3);
await time("export XLSX (entries + authors)", () => exportXlsx(db, contest.id), 3);
await t.close();

/**
 * Backup and restore: a judged contest (scores, a closed round, awards, audit trail, files) is
 * backed up, then restored into an empty database and empty storage; every table, the computed
 * results and every file come back identical. On PostgreSQL the backup runs while writes go on.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup, restore } from "#app/server/shared/backup.server.ts";
import { closeRound } from "#app/server/organizer/rounds.server.ts";
import { computeResults } from "#app/server/results/results.server.ts";
import { localStorage } from "#app/server/shared/storage.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { audit } from "#app/server/shared/audit.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import {
  assign,
  makeContest,
  makeEntry,
  makeFile,
  makeScore,
  makeUser,
  openRound,
  sheetFor,
} from "#tests/support/kit.ts";

async function dumpTables(db: Db): Promise<Record<string, string[]>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND relkind = 'r' AND relname <> '_prisma_migrations' ORDER BY relname`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS j FROM "${name}" t`);
    out[name] = rows.map((r) => r.j).sort();
  }
  return out;
}

describe(`backup and restore on ${testEngine}`, () => {
  let source: TestDb;
  let target: TestDb;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-backup-"));
  const storageA = localStorage(path.join(tmp, "a"));
  const storageB = localStorage(path.join(tmp, "b"));
  const backupDir = path.join(tmp, "backup-1");
  let contestId: string;
  const files: Record<string, Buffer> = {};

  beforeAll(async () => {
    source = await createTestDb();
    target = await createTestDb();
    const db = source.db;
    const contest = await makeContest(db, { phase: "JUDGING", categories: ["print"], advanceTopN: 2 });
    contestId = contest.id;
    const organizer = await makeUser(db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const judges = [await makeUser(db, { name: "GK Một" }), await makeUser(db, { name: "GK Hai" })];
    const entries = [];
    for (let i = 0; i < 3; i++) {
      const u = await makeUser(db, { name: `Tác Giả ${i}`, penNames: [`Bút ${i}`, "Chung"] });
      const e = await makeEntry(db, {
        contestId: contest.id,
        categoryId: contest.category("print").id,
        submitterId: u.id,
        status: "ELIGIBLE",
        code: `BI-00${i + 1}`,
        title: `Bài "số" ${i + 1} — Hải Dương`,
        authors: [{ fullName: u.name, shareBp: 10_000, userId: u.id }],
      });
      entries.push(e);
      // Binary content with every byte value, to catch any re-encoding.
      const bytes = Buffer.concat([
        Buffer.from("%PDF-1.4\n"),
        Buffer.from(Array.from({ length: 256 * 40 }, (_, k) => (k * 7 + i) % 256)),
      ]);
      const key = `entries/${e.id}/tep-${i}`;
      files[key] = bytes;
      await makeFile(db, {
        entryId: e.id,
        storage: storageA,
        storageKey: key,
        bytes,
        originalName: `Tệp ${i}.pdf`,
        uploadedById: u.id,
      });
    }
    const r1 = contest.rounds[0]!.id;
    await assign(
      db,
      r1,
      entries.map((e) => e.id),
      judges.map((j) => j.id),
    );
    // Opened as an organizer would: once its judges are assigned (the service refuses before).
    await openRound(db, contest.rounds[0]!.id);
    const totals = [
      [88.25, 80.5],
      [70, 75.75],
      [60, 50],
    ];
    for (const [i, e] of entries.entries()) {
      for (const [k, j] of judges.entries())
        await makeScore(db, {
          roundId: r1,
          entryId: e.id,
          judgeId: j.id,
          values: sheetFor(totals[i]![k]!),
          comment: `Nhận xét ${i}/${k}`,
        });
    }
    await closeRound(db, { contestId: contest.id, roundId: r1, actorId: organizer.id, acknowledgeFlags: true });
    await audit(db, {
      actorId: organizer.id,
      action: "test.marker",
      targetType: "Contest",
      targetId: contest.id,
      contestId: contest.id,
      after: { note: "trước sao lưu" },
    });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("restores a judged contest into an empty database and storage: tables, results and files identical", async () => {
    const before = await dumpTables(source.db);
    const resultsBefore = await computeResults(source.db, contestId);
    // On PostgreSQL the server keeps writing during the backup; the snapshot must not see it.
    const concurrent =
      testEngine === "postgres"
        ? (async () => {
            for (let i = 0; i < 20; i++) {
              await audit(source.db, {
                actorId: null,
                action: "test.during_backup",
                targetType: "X",
                targetId: String(i),
              });
            }
          })()
        : Promise.resolve();
    const manifest = await backup(source.db, storageA, backupDir, { engine: testEngine });
    await concurrent;
    expect(manifest.files).toHaveLength(3);
    expect(manifest.missingFiles).toEqual([]);
    expect(manifest.tables.Score).toBe(6);
    expect(manifest.migrations.length).toBeGreaterThan(0);
    // A backup never overwrites another one.
    await expect(backup(source.db, storageA, backupDir, { engine: testEngine })).rejects.toThrow(/not empty/);

    await restore(target.db, storageB, backupDir);
    const after = await dumpTables(target.db);
    // Everything that existed before is back, exactly.
    const strip = (d: Record<string, string[]>) => ({
      ...d,
      AuditEvent: d.AuditEvent!.filter((r) => !r.includes("test.during_backup")),
    });
    expect(strip(after)).toEqual(strip(before));
    // Of the rows written during the backup, the snapshot holds those committed before it began:
    // a gap-free prefix, never a torn set.
    const during = after
      .AuditEvent!.filter((r) => r.includes("test.during_backup"))
      .map((r) => Number(JSON.parse(r).targetId))
      .sort((a, b) => a - b);
    expect(during).toEqual(during.map((_, i) => i));
    expect(manifest.tables.AuditEvent).toBe(after.AuditEvent!.length);
    expect(await computeResults(target.db, contestId)).toEqual(resultsBefore);
    for (const [key, bytes] of Object.entries(files)) {
      const copy = fs.readFileSync(path.join(tmp, "b", key));
      expect(copy.equals(bytes)).toBe(true);
    }
    // The backup is left intact, and the restored database keeps working (audit ids continue).
    expect(fs.existsSync(path.join(backupDir, "files", Object.keys(files)[0]!))).toBe(true);
    await audit(target.db, { actorId: null, action: "test.after_restore", targetType: "X", targetId: "1" });
    expect(await target.db.auditEvent.count({ where: { action: "test.after_restore" } })).toBe(1);
  });

  it("refuses to restore into a database that is not empty, changing nothing", async () => {
    const count = await target.db.user.count();
    await expect(restore(target.db, storageB, backupDir)).rejects.toThrow(/not empty/);
    expect(await target.db.user.count()).toBe(count);
  });

  it("refuses a damaged backup before touching the database", async () => {
    const damaged = path.join(tmp, "damaged");
    fs.cpSync(backupDir, damaged, { recursive: true });
    const key = Object.keys(files)[1]!;
    const f = path.join(damaged, "files", key);
    const b = fs.readFileSync(f);
    b[100] = b[100]! ^ 0xff;
    fs.writeFileSync(f, b);
    const fresh = await createTestDb();
    try {
      await expect(restore(fresh.db, localStorage(path.join(tmp, "c")), damaged)).rejects.toThrow(/damaged/);
      expect(await fresh.db.user.count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

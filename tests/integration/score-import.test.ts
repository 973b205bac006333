import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScores } from "#app/server/judging/score-import.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, assign, makeScore, openRound } from "#tests/support/kit.ts";

describe(`importing paper score sheets on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const round = contest.rounds[0]!;
    const j1 = await makeUser(t.db, { email: "gk1@example.test", roles: [{ role: "JUDGE", contestId: contest.id }] });
    const j2 = await makeUser(t.db, { email: "gk2@example.test", roles: [{ role: "JUDGE", contestId: contest.id }] });
    await makeUser(t.db, { email: "khongphaigk@example.test" });
    const author = await makeUser(t.db);
    const e1 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-001",
    });
    const e2 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-002",
    });
    await assign(t.db, round.id, [e1.id, e2.id], [j1.id, j2.id]);
    await openRound(t.db, round.id);
    await makeScore(t.db, { roundId: round.id, entryId: e2.id, judgeId: j2.id, values: [30, 20, 20] });
    await makeScore(t.db, { roundId: round.id, entryId: e1.id, judgeId: j1.id, values: [10], status: "DRAFT" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("imports nothing when one line is wrong, and names every wrong line", async () => {
    const csv = [
      "entry_code,judge_email,c1,c2,c3,comment",
      "BI-001,gk1@example.test,35,25,20,Tốt",
      "BI-009,gk1@example.test,35,25,20,",
      "BI-002,gk2@example.test,35,25,20,",
      "BI-001,khongphaigk@example.test,35,25,20,",
      'BI-002,gk1@example.test,"35,5",25,31,',
    ].join("\n");
    const r = await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(r.errors.find((e) => e.line === 4)!.message).toContain("đã nộp điểm");
    expect(r.errors.find((e) => e.line === 5)!.message).toContain("không phải giám khảo");
    expect(await t.db.score.count({ where: { status: "SUBMITTED" } })).toBe(1);
  });

  it("imports a clean file as submitted, audited scores that replace online drafts", async () => {
    const csv =
      "\uFEFFentry_code;judge_email;c1;c2;c3;comment\nBI-001;gk1@example.test;35,5;25;20;Phiếu giấy\nBI-002;gk1@example.test;30;20;20;\n";
    const r = await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null });
    expect(r).toEqual({ ok: true, errors: [], imported: 2 });
    const s = await t.db.score.findFirstOrThrow({
      where: { entry: { code: "BI-001" }, judge: { email: "gk1@example.test" } },
      include: { values: true },
    });
    expect(s).toMatchObject({ status: "SUBMITTED", comment: "Phiếu giấy" });
    expect(s.values.map((v) => v.value).sort((a, b) => a - b)).toEqual([20, 25, 35.5]);
    expect(await t.db.auditEvent.count({ where: { action: "score.import" } })).toBe(2);
    // Importing the same file again is refused: the sheets are submitted now.
    expect((await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null })).ok).toBe(
      false,
    );
  });

  it.skipIf(testEngine !== "postgres")(
    "prints the results from the command line, as text and JSON",
    async () => {
      const run = promisify(execFile);
      const env = { ...process.env, DATABASE_URL: t.databaseUrl! };
      const cli = path.resolve("app/cli/award.ts");
      const tsx = path.resolve("node_modules/.bin/tsx");
      const text = await run(tsx, [cli, "results", "--contest", contest.slug], { env });
      expect(text.stdout).toContain("== Báo in");
      expect(text.stdout).toContain("kết quả tạm tính");
      // Issue 10: --lang en (or LANG=en_…) prints the same view in English.
      const en = await run(tsx, [cli, "results", "--contest", contest.slug, "--lang", "en"], { env });
      expect(en.stdout).toContain("(The final round is not closed: provisional results.)");
      expect(en.stdout).toMatch(/Phase: Judging · deciding round: \S/);
      const json = JSON.parse((await run(tsx, [cli, "results", "--contest", contest.slug, "--json"], { env })).stdout);
      // The final round takes the entries round 1 advances; round 1 is still open, so nobody yet.
      expect(json).toMatchObject({
        contest: { slug: contest.slug },
        finalRound: { name: "Vòng chung khảo", status: "PENDING" },
        total: 0,
      });
      const file = path.join(os.tmpdir(), `gbc-bad-${process.pid}.csv`);
      fs.writeFileSync(file, "entry_code,judge_email,c1,c2,c3\nBI-001,gk2@example.test,50,0,0\n");
      const bad = await run(tsx, [cli, "import-scores", "--contest", contest.slug, "--round", "1", file], {
        env,
      }).catch((e: { code: number; stderr: string }) => e);
      fs.rmSync(file);
      expect(bad).toMatchObject({ code: 1 });
      expect((bad as { stderr: string }).stderr).toContain("dòng 2: c1: vượt điểm tối đa");
      fs.writeFileSync(file, "entry_code,judge_email,c1,c2,c3\nBI-001,gk2@example.test,50,0,0\n");
      const badEn = await run(
        tsx,
        [cli, "import-scores", "--lang", "en", "--contest", contest.slug, "--round", "1", file],
        { env },
      ).catch((e: { code: number; stderr: string }) => e);
      fs.rmSync(file);
      expect((badEn as { stderr: string }).stderr).toMatch(
        /^No score sheet imported: 1 error\(s\) in .*\n {2}line 2: c1: /,
      );
    },
    180_000,
  ); // five CLI processes (tsx start-up each) on a shared machine
  it("accepts a panel judge's sheet for an unassigned entry only when the round is open to the whole panel", async () => {
    const round = contest.rounds[0]!;
    const author = await makeUser(t.db);
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-003",
    });
    const csv = "entry_code,judge_email,c1,c2,c3\nBI-003,gk1@example.test,30,20,20\n";
    const refused = await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null });
    expect(refused.errors.map((e) => e.message)).toEqual([
      "gk1@example.test không được phân công chấm BI-003 ở vòng 1",
    ]);
    await t.db.round.update({ where: { id: round.id }, data: { onlyAssignedEntries: false } });
    expect(await importScores(t.db, { contestSlug: contest.slug, roundPosition: 1, csv, actorId: null })).toEqual({
      ok: true,
      errors: [],
      imported: 1,
    });
    await t.db.round.update({ where: { id: round.id }, data: { onlyAssignedEntries: true } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRound, roundConsistency } from "#app/server/organizer/rounds.server.ts";
import { computeResults, resolveTie } from "#app/server/results/results.server.ts";
import { publicResults, publishResults } from "#app/server/results/publish.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, assign, makeScore, openRound, sheetFor } from "#tests/support/kit.ts";

/**
 * One category from scoring to publication: round 1 advances the top entries, round 2 (final)
 * produces a tie at the first/second boundary, the organizer resolves it, publishes, and every
 * entrant gets the announcement.
 */
describe(`rounds, results and publication on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let organizer: Awaited<ReturnType<typeof makeUser>>;
  let judges: Awaited<ReturnType<typeof makeUser>>[];
  const entries: Awaited<ReturnType<typeof makeEntry>>[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print", "radio"] });
    await t.db.round.update({ where: { id: contest.rounds[0]!.id }, data: { advanceTopN: 3 } });
    organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    judges = [await makeUser(t.db, { name: "GK Một" }), await makeUser(t.db, { name: "GK Hai" })];
    for (let i = 0; i < 4; i++) {
      const u = await makeUser(t.db, { email: `tacgia${i}@example.test`, name: `Tác Giả ${i}` });
      entries.push(
        await makeEntry(t.db, {
          contestId: contest.id,
          categoryId: contest.category("print").id,
          submitterId: u.id,
          status: "ELIGIBLE",
          code: `BI-00${i + 1}`,
          title: `Bài số ${i + 1}`,
          authors:
            i === 0
              ? [
                  { fullName: `Tác Giả ${i}`, penName: "Bút Một", email: u.email, shareBp: 3300, userId: u.id },
                  { fullName: "Đồng Tác Giả", email: "dongtacgia@example.test", shareBp: 3300 },
                  { fullName: "Người Thứ Ba", shareBp: 3400 },
                ]
              : [{ fullName: `Tác Giả ${i}`, email: u.email, shareBp: 10_000, userId: u.id }],
        }),
      );
    }
    const loser = await makeUser(t.db, { email: "khongdat@example.test" });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: loser.id,
      status: "INELIGIBLE",
    });
    const r1 = contest.rounds[0]!.id;
    await assign(
      t.db,
      r1,
      entries.map((e) => e.id),
      judges.map((j) => j.id),
    );
    await openRound(t.db, r1, organizer.id);
    const r1Totals = [
      [90, 80],
      [85, 85],
      [70, 72],
      [60, 50],
    ];
    for (const [i, e] of entries.entries()) {
      for (const [k, j] of judges.entries())
        await makeScore(t.db, { roundId: r1, entryId: e.id, judgeId: j.id, values: sheetFor(r1Totals[i]![k]!) });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses to close a round with under-judged entries until the organizer acknowledges them", async () => {
    const extra = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("radio").id,
      submitterId: organizer.id,
      status: "ELIGIBLE",
      code: "BN-001",
    });
    await makeScore(t.db, {
      roundId: contest.rounds[0]!.id,
      entryId: extra.id,
      judgeId: judges[0]!.id,
      values: sheetFor(75),
    });
    const input = { contestId: contest.id, roundId: contest.rounds[0]!.id, actorId: organizer.id };
    await expect(closeRound(t.db, { ...input, acknowledgeFlags: false })).rejects.toMatchObject({
      code: "round_flags",
    });
    const closing = await closeRound(t.db, { ...input, acknowledgeFlags: true });
    expect(closing.flagged).toEqual([extra.id]);
    const results = await t.db.roundResult.findMany({
      where: { roundId: input.roundId },
      orderBy: { aggregate: "desc" },
    });
    expect(results.map((r) => [r.aggregate, r.advanced, r.tooFewJudges])).toEqual([
      [85, true, false],
      [85, true, false],
      [75, true, true],
      [71, true, false],
      [55, false, false],
    ]);
    expect(await t.db.round.findUnique({ where: { id: contest.rounds[1]!.id } })).toMatchObject({ status: "OPEN" });
    await expect(closeRound(t.db, { ...input, acknowledgeFlags: true })).rejects.toMatchObject({
      code: "round_not_open",
    });
    expect(await t.db.auditEvent.count({ where: { action: "round.close" } })).toBe(1);
  });

  it("shows each judge's bias against the panel and the entries they disagree on", async () => {
    const c = await roundConsistency(t.db, contest.rounds[0]!.id);
    expect(c.judges.map((j) => j.name).sort()).toEqual(["GK Hai", "GK Một"]);
    expect(
      c.disagreements
        .slice(0, 2)
        .map((d) => [d.code, d.range])
        .sort(),
    ).toEqual([
      ["BI-001", 10],
      ["BI-004", 10],
    ]);
  });

  it("reports a tie at the first/second boundary in the final round and refuses to publish it", async () => {
    const r2 = contest.rounds[1]!.id;
    const finalists = entries.slice(0, 3);
    await assign(
      t.db,
      r2,
      finalists.map((e) => e.id),
      judges.map((j) => j.id),
    );
    // Entries 1 and 2 tie on 85; entry 1 has the higher first criterion.
    const sheets = [
      [
        [38, 27, 20],
        [36, 29, 20],
      ],
      [
        [35, 30, 20],
        [35, 30, 20],
      ],
      [
        [30, 20, 20],
        [30, 22, 20],
      ],
    ];
    for (const [i, e] of finalists.entries()) {
      for (const [k, j] of judges.entries())
        await makeScore(t.db, { roundId: r2, entryId: e.id, judgeId: j.id, values: sheets[i]![k]! });
    }
    await closeRound(t.db, { contestId: contest.id, roundId: r2, actorId: organizer.id, acknowledgeFlags: true });
    expect(await t.db.contest.findUnique({ where: { id: contest.id } })).toMatchObject({ phase: "RESULTS_REVIEW" });
    const results = await computeResults(t.db, contest.id);
    const print = results.categories.find((c) => c.code === "print")!;
    expect(print.allocation.conflicts).toHaveLength(1);
    expect(print.allocation.conflicts[0]!.entryIds.sort()).toEqual([entries[0]!.id, entries[1]!.id].sort());
    expect(results.unresolvedTies).toBe(1);
    await expect(publishResults(t.db, { contestId: contest.id, actorId: organizer.id })).rejects.toMatchObject({
      code: "ties_unresolved",
    });
    expect(await t.db.outboxMail.count()).toBe(0);
  });

  it("refuses a manual decision without a reason and resolves the tie by the contest's rule", async () => {
    const tied = [entries[0]!.id, entries[1]!.id];
    const base = {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      entryIds: tied,
      actorId: organizer.id,
    };
    await expect(resolveTie(t.db, { ...base, method: "MANUAL", order: tied, reason: "" })).rejects.toMatchObject({
      code: "reason_required",
    });
    const { order } = await t.db.$transaction((tx) => resolveTie(tx, { ...base, method: "RULE", reason: "" }));
    expect(order).toEqual([[entries[0]!.id], [entries[1]!.id]]);
    const awards = await t.db.award.findMany({ include: { tier: true, payouts: true } });
    const first = awards.find((a) => a.entryId === entries[0]!.id)!;
    expect(first).toMatchObject({ decision: "TIE_RESOLVED", amount: 30_000_000, decidedById: organizer.id });
    expect(first.payouts.map((p) => p.amount).sort((a, b) => a - b)).toEqual([9_900_000, 9_900_000, 10_200_000]);
    expect(awards.find((a) => a.entryId === entries[2]!.id)).toMatchObject({
      decision: "COMPUTED",
      amount: 10_000_000,
    });
    expect(await t.db.auditEvent.count({ where: { action: "tie.resolve" } })).toBe(1);
    // Issue 10: the rule is stored as a code, not as Vietnamese words; the screen names it.
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "tie.resolve" } });
    expect(event.after).toMatchObject({ reason: "", rule: "FIRST_CRITERION_THEN_TOP_MARKS" });
    const results = await computeResults(t.db, contest.id);
    const tie = results.categories.flatMap((c) => c.ties).find((x) => x.resolution);
    expect(tie?.resolution).toMatchObject({
      decision: "TIE_RESOLVED",
      reason: "",
      rule: "FIRST_CRITERION_THEN_TOP_MARKS",
    });
  });

  it("lets a later manual decision with a reason replace the rule's", async () => {
    const tied = [entries[1]!.id, entries[0]!.id];
    const base = {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      entryIds: tied,
      actorId: organizer.id,
      method: "MANUAL" as const,
    };
    await expect(
      resolveTie(t.db, { ...base, order: [tied[0]!], reason: "Hội đồng biểu quyết 3/2" }),
    ).rejects.toMatchObject({ code: "bad_order" });
    await resolveTie(t.db, { ...base, order: tied, reason: "Hội đồng biểu quyết 3/2 tại phiên họp ngày 05/12" });
    const results = await computeResults(t.db, contest.id);
    const print = results.categories.find((c) => c.code === "print")!;
    expect(print.ties).toHaveLength(1);
    expect(print.ties[0]!.resolution).toMatchObject({
      decision: "MANUAL",
      reason: "Hội đồng biểu quyết 3/2 tại phiên họp ngày 05/12",
    });
    expect(print.allocation.awards.find((a) => a.entryId === entries[1]!.id)).toMatchObject({
      tierId: print.tiers[0]!.id,
      decision: "MANUAL",
    });
    expect(await t.db.auditEvent.count({ where: { action: "tie.resolve" } })).toBe(2);
  });

  it("publishes through the phase service with one announcement per entrant, then shows the public results", async () => {
    expect(await publicResults(t.db, contest.slug, "vi")).toBeNull();
    const r = await publishResults(t.db, { contestId: contest.id, actorId: organizer.id });
    // The radio entry advanced with one judge but nobody scored it in the final: no prize.
    expect(r.awards).toBe(3);
    const mails = await t.db.outboxMail.findMany({ orderBy: { to: "asc" } });
    expect(mails.map((m) => m.to).filter((to) => !to.startsWith("user-"))).toEqual([
      "dongtacgia@example.test",
      "khongdat@example.test",
      "tacgia0@example.test",
      "tacgia1@example.test",
      "tacgia2@example.test",
      "tacgia3@example.test",
    ]);
    const winner = mails.find((m) => m.to === "tacgia0@example.test")!;
    expect(winner.subject).toContain("Công bố kết quả");
    expect(winner.text).toContain("Giải Nhì");
    expect(winner.text).toContain("20.000.000");
    expect(mails.find((m) => m.to === "khongdat@example.test")!.text).toContain("không nằm trong danh sách đoạt giải");
    expect(await t.db.contest.findUnique({ where: { id: contest.id } })).toMatchObject({ phase: "PUBLISHED" });
    const pub = (await publicResults(t.db, contest.slug, "vi"))!;
    const print = pub.categories.find((c) => c.code === "print")!;
    expect(print.prizes.map((p) => [p.tier, p.entry.code, p.amount])).toEqual([
      ["Giải Nhất", "BI-002", 30_000_000],
      ["Giải Nhì", "BI-001", 20_000_000],
      ["Giải Ba", "BI-003", 10_000_000],
    ]);
    expect(print.prizes[1]!.entry.authors).toEqual(["Tác Giả 0 (Bút Một)", "Đồng Tác Giả", "Người Thứ Ba"]);
    const payouts = await t.db.awardPayout.findMany({ where: { award: { entryId: entries[0]!.id } } });
    expect(payouts.map((p) => p.amount).sort((a, b) => a - b)).toEqual([6_600_000, 6_600_000, 6_800_000]);
    await expect(publishResults(t.db, { contestId: contest.id, actorId: organizer.id })).rejects.toMatchObject({
      code: "published",
    });
  });
});

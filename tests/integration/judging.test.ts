import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJudgeEntry, listJudgeWork, saveScore } from "#app/server/judging/judging.server.ts";
import { declareConflict, reopenScore } from "#app/server/judging/score-changes.server.ts";
import { closeRound } from "#app/server/organizer/rounds.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeFile, makeUser, assign, makeScore, openRound } from "#tests/support/kit.ts";

describe(`judging on ${testEngine}`, () => {
  let t: TestDb;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  let judge: Awaited<ReturnType<typeof makeUser>>;
  let other: Awaited<ReturnType<typeof makeUser>>;
  let entry: Awaited<ReturnType<typeof makeEntry>>;
  let second: Awaited<ReturnType<typeof makeEntry>>;
  let roundId: string;
  let crit: string[];

  beforeAll(async () => {
    t = await createTestDb();
    contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const round = contest.rounds[0]!;
    roundId = round.id;
    crit = [...round.criteria].sort((a, b) => a.position - b.position).map((c) => c.id);
    judge = await makeUser(t.db, { name: "Giám Khảo Một", roles: [{ role: "JUDGE", contestId: contest.id }] });
    other = await makeUser(t.db, { name: "Giám Khảo Hai", roles: [{ role: "JUDGE", contestId: contest.id }] });
    const author = await makeUser(t.db, { name: "Đỗ Bí Mật" });
    const authors = [{ fullName: "Đỗ Bí Mật", penName: "Bút Danh Kín", agency: "Báo Ẩn Danh", shareBp: 10_000 }];
    entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-001",
      authors,
    });
    second = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-002",
      authors,
    });
    await makeFile(t.db, {
      entryId: entry.id,
      partId: entry.parts[0]!.id,
      storageKey: `k-${entry.id}`,
      originalName: "Do-Bi-Mat-bai-bao.pdf",
      mimeType: "application/pdf",
    });
    await assign(t.db, roundId, [entry.id, second.id], [judge.id, other.id]);
    await openRound(t.db, roundId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists a judge's rounds with progress", async () => {
    const work = await listJudgeWork(t.db, judge.id, "vi");
    expect(work).toHaveLength(1);
    expect(work[0]).toMatchObject({ total: 2, submitted: 0, drafts: 0, status: "OPEN" });
    expect(work[0]!.entries.map((e) => e.code)).toEqual(["BI-001", "BI-002"]);
  });

  it("never sends authors, pen names, agencies or file names to a judge of a blind contest", async () => {
    const view = await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi");
    const json = JSON.stringify(view);
    for (const secret of ["Đỗ Bí Mật", "Bút Danh Kín", "Báo Ẩn Danh", "Do-Bi-Mat", author(entry)])
      expect(json).not.toContain(secret);
    expect(view.entry.authors).toBeUndefined();
    expect(view.entry.parts[0]!.files).toEqual([
      { id: expect.any(String), mimeType: "application/pdf", sizeBytes: 1234, label: "Tệp 1" },
    ]);
    expect(view.nextEntryId).toBe(second.id);
  });

  it("refuses a judge who is not assigned, without revealing the entry", async () => {
    const stranger = await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id }] });
    await expect(getJudgeEntry(t.db, stranger.id, roundId, entry.id, "vi")).rejects.toMatchObject({
      code: "not_assigned",
      status: 404,
    });
    await expect(
      saveScore(t.db, { judgeId: stranger.id, roundId, entryId: entry.id, values: {}, comment: "", submit: false }),
    ).rejects.toMatchObject({ code: "not_assigned" });
  });

  it("saves drafts, refuses out-of-bounds values and an incomplete submission, then locks the submitted score", async () => {
    await expect(
      saveScore(t.db, {
        judgeId: judge.id,
        roundId,
        entryId: entry.id,
        values: { [crit[0]!]: 41 },
        comment: "",
        submit: false,
      }),
    ).rejects.toMatchObject({ code: "score_invalid", problems: { [crit[0]!]: "score.aboveMax" } });
    expect(
      await saveScore(t.db, {
        judgeId: judge.id,
        roundId,
        entryId: entry.id,
        values: { [crit[0]!]: 35 },
        comment: "nháp",
        submit: false,
      }),
    ).toEqual({ status: "DRAFT", total: null });
    await expect(
      saveScore(t.db, {
        judgeId: judge.id,
        roundId,
        entryId: entry.id,
        values: { [crit[0]!]: 35 },
        comment: "",
        submit: true,
      }),
    ).rejects.toMatchObject({ problems: { [crit[1]!]: "score.missing", [crit[2]!]: "score.missing" } });
    const values = { [crit[0]!]: 35, [crit[1]!]: 25.5, [crit[2]!]: 20 };
    expect(
      await saveScore(t.db, { judgeId: judge.id, roundId, entryId: entry.id, values, comment: "Tốt", submit: true }),
    ).toEqual({ status: "SUBMITTED", total: 80.5 });
    await expect(
      saveScore(t.db, { judgeId: judge.id, roundId, entryId: entry.id, values, comment: "sửa", submit: false }),
    ).rejects.toMatchObject({ code: "score_locked" });
    const events = await t.db.auditEvent.findMany({ where: { action: "score.submit", entryId: entry.id } });
    expect(events).toHaveLength(1);
    expect((await listJudgeWork(t.db, judge.id, "vi"))[0]).toMatchObject({ submitted: 1 });
  });

  it("lets an organizer reopen a submitted score with an audited reason", async () => {
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const score = await t.db.score.findFirstOrThrow({ where: { judgeId: judge.id, entryId: entry.id } });
    await reopenScore(t.db, {
      contestId: contest.id,
      scoreId: score.id,
      reason: "Giám khảo nhập nhầm tiêu chí 2",
      actorId: organizer.id,
    });
    const after = await t.db.score.findUniqueOrThrow({ where: { id: score.id } });
    expect(after).toMatchObject({ status: "DRAFT", reopenReason: "Giám khảo nhập nhầm tiêu chí 2" });
    expect(await t.db.auditEvent.count({ where: { action: "score.reopen", targetId: score.id } })).toBe(1);
    await expect(
      reopenScore(t.db, { contestId: contest.id, scoreId: score.id, reason: "lần hai", actorId: organizer.id }),
    ).rejects.toMatchObject({ code: "score_not_submitted" });
    const view = await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi");
    expect(view.score).toMatchObject({ status: "DRAFT", total: 80.5, reopenReason: "Giám khảo nhập nhầm tiêu chí 2" });
  });

  it("hides other judges' scores unless the round allows it, and then keeps them anonymous", async () => {
    await makeScore(t.db, { roundId, entryId: entry.id, judgeId: other.id, values: [30, 20, 20], comment: "ý kiến B" });
    expect((await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi")).others).toEqual([]);
    await t.db.round.update({ where: { id: roundId }, data: { judgesSeeOtherScores: true } });
    // The judge's own sheet was reopened (a draft): others stay hidden until it is submitted again.
    expect((await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi")).others).toEqual([]);
    await saveScore(t.db, {
      judgeId: judge.id,
      roundId,
      entryId: entry.id,
      values: { [crit[0]!]: 35, [crit[1]!]: 25.5, [crit[2]!]: 20 },
      comment: "Tốt",
      submit: true,
    });
    const view = await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi");
    expect(view.others).toEqual([{ label: "Giám khảo B", total: 70, comment: "ý kiến B" }]);
    expect(view.ownLabel).toBe("Giám khảo A");
    expect(JSON.stringify(view)).not.toContain("Giám Khảo Hai");
    await t.db.round.update({ where: { id: roundId }, data: { judgesSeeOtherScores: false } });
  });

  it("lets a judge abstain: the assignment and draft go, the declaration stays", async () => {
    await saveScore(t.db, {
      judgeId: judge.id,
      roundId,
      entryId: second.id,
      values: { [crit[0]!]: 10 },
      comment: "",
      submit: false,
    });
    await declareConflict(t.db, {
      judgeId: judge.id,
      roundId,
      entryId: second.id,
      kind: "DECLARED_BY_JUDGE",
      reason: "Tác giả là đồng nghiệp cùng phòng",
    });
    expect(await t.db.assignment.count({ where: { judgeId: judge.id, entryId: second.id } })).toBe(0);
    expect(await t.db.score.count({ where: { judgeId: judge.id, entryId: second.id } })).toBe(0);
    expect(
      await t.db.conflictDeclaration.findFirst({ where: { judgeId: judge.id, entryId: second.id } }),
    ).toMatchObject({ kind: "DECLARED_BY_JUDGE" });
    await expect(getJudgeEntry(t.db, judge.id, roundId, second.id, "vi")).rejects.toMatchObject({ status: 404 });
    // A submitted score must be reopened first: a recusal never deletes a counted score silently.
    await expect(
      declareConflict(t.db, { judgeId: other.id, roundId, entryId: entry.id, kind: "ABSTAINED", reason: "x" }),
    ).rejects.toMatchObject({ code: "decline_score_locked" });
  });

  it("refuses scoring once the round is closed", async () => {
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    await closeRound(t.db, { contestId: contest.id, roundId, actorId: organizer.id, acknowledgeFlags: true });
    await expect(
      saveScore(t.db, { judgeId: judge.id, roundId, entryId: entry.id, values: {}, comment: "", submit: false }),
    ).rejects.toMatchObject({ code: "round_closed" });
    // Still readable, read-only.
    expect((await getJudgeEntry(t.db, judge.id, roundId, entry.id, "vi")).round.open).toBe(false);
  });
});

describe(`other judges' scores on ${testEngine}`, () => {
  let t: TestDb;
  afterAll(async () => {
    await t?.close();
  });

  // Issue 8: seeing the others first would anchor a judge's own score.
  it("shows other judges' scores only after the judge's own sheet is submitted, with stable letters that never name the viewer", async () => {
    t = await createTestDb();
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const roundId = contest.rounds[0]!.id;
    await t.db.round.update({ where: { id: roundId }, data: { judgesSeeOtherScores: true } });
    const crit = [...contest.rounds[0]!.criteria].sort((a, b) => a.position - b.position).map((c) => c.id);
    const [a, b, c] = [
      await makeUser(t.db, { name: "Giám Khảo An", roles: [{ role: "JUDGE", contestId: contest.id }] }),
      await makeUser(t.db, { name: "Giám Khảo Bình", roles: [{ role: "JUDGE", contestId: contest.id }] }),
      await makeUser(t.db, { name: "Giám Khảo Cúc", roles: [{ role: "JUDGE", contestId: contest.id }] }),
    ];
    const author = await makeUser(t.db);
    const print = contest.category("print").id;
    const e1 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-001",
    });
    const e2 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print,
      submitterId: author.id,
      status: "ELIGIBLE",
      code: "BI-002",
    });
    await assign(t.db, roundId, [e1.id, e2.id], [a.id, b.id, c.id]);
    await openRound(t.db, roundId);
    // On e1, C submits before A; on e2, A before C: letters must not follow submission order.
    await makeScore(t.db, {
      roundId,
      entryId: e1.id,
      judgeId: c.id,
      values: [30, 20, 20],
      comment: "nhận xét của C về bài 1",
    });
    await makeScore(t.db, {
      roundId,
      entryId: e1.id,
      judgeId: a.id,
      values: [40, 30, 30],
      comment: "nhận xét của A về bài 1",
    });
    await t.db.score.updateMany({
      where: { judgeId: a.id, entryId: e1.id },
      data: { submittedAt: new Date("2021-12-02T03:00:00Z") },
    });
    await makeScore(t.db, {
      roundId,
      entryId: e2.id,
      judgeId: a.id,
      values: [10, 10, 10],
      comment: "nhận xét của A về bài 2",
    });
    await makeScore(t.db, {
      roundId,
      entryId: e2.id,
      judgeId: c.id,
      values: [20, 20, 20],
      comment: "nhận xét của C về bài 2",
    });
    await t.db.score.updateMany({
      where: { judgeId: c.id, entryId: e2.id },
      data: { submittedAt: new Date("2021-12-02T03:00:00Z") },
    });

    // B has not scored e1: nothing of the others reaches B's page data, not even a draft of B's own.
    const before = await getJudgeEntry(t.db, b.id, roundId, e1.id, "vi");
    expect(before.others).toEqual([]);
    expect(JSON.stringify(before)).not.toContain("nhận xét của");
    await saveScore(t.db, {
      judgeId: b.id,
      roundId,
      entryId: e1.id,
      values: { [crit[0]!]: 20 },
      comment: "",
      submit: false,
    });
    const draft = await getJudgeEntry(t.db, b.id, roundId, e1.id, "vi");
    expect(JSON.stringify(draft)).not.toContain("nhận xét của");
    expect(draft.othersPending).toBe(true);

    await saveScore(t.db, {
      judgeId: b.id,
      roundId,
      entryId: e1.id,
      values: { [crit[0]!]: 20, [crit[1]!]: 20, [crit[2]!]: 20 },
      comment: "B",
      submit: true,
    });
    const after = await getJudgeEntry(t.db, b.id, roundId, e1.id, "vi");
    expect(after.othersPending).toBe(false);
    expect(after.ownLabel).toBe("Giám khảo B");
    expect(after.others).toEqual([
      { label: "Giám khảo A", total: 100, comment: "nhận xét của A về bài 1" },
      { label: "Giám khảo C", total: 70, comment: "nhận xét của C về bài 1" },
    ]);
    // e2 stays hidden for B until B submits it too; then the same judge has the same letter.
    expect((await getJudgeEntry(t.db, b.id, roundId, e2.id, "vi")).others).toEqual([]);
    await saveScore(t.db, {
      judgeId: b.id,
      roundId,
      entryId: e2.id,
      values: { [crit[0]!]: 20, [crit[1]!]: 20, [crit[2]!]: 20 },
      comment: "B",
      submit: true,
    });
    expect((await getJudgeEntry(t.db, b.id, roundId, e2.id, "en")).others).toEqual([
      { label: "Judge A", total: 30, comment: "nhận xét của A về bài 2" },
      { label: "Judge C", total: 60, comment: "nhận xét của C về bài 2" },
    ]);
    // A sees B and C under the letters everyone else uses, never "Giám khảo A" for someone else.
    const seenByA = await getJudgeEntry(t.db, a.id, roundId, e1.id, "vi");
    expect(seenByA.ownLabel).toBe("Giám khảo A");
    expect(seenByA.others.map((o) => o.label)).toEqual(["Giám khảo B", "Giám khảo C"]);
    expect(JSON.stringify(seenByA)).not.toMatch(/Giám Khảo (An|Bình|Cúc)/);
  });
});

describe(`rounds open to the whole panel (onlyAssignedEntries off) on ${testEngine}`, () => {
  let t: TestDb;
  afterAll(async () => {
    await t?.close();
  });

  // Issue 8: the setting did nothing; when off, every judge of the round's categories sees and may score every entry.
  it("lets judges of the round's categories see and score every entry of the round, blind, except their own and conflicted ones", async () => {
    t = await createTestDb();
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print", "radio"] });
    const round = contest.rounds[0]!;
    const crit = [...round.criteria].sort((a, b) => a.position - b.position).map((c) => c.id);
    const print = contest.category("print").id;
    const radio = contest.category("radio").id;
    const judge = await makeUser(t.db, {
      email: "gk-baoin@example.test",
      agency: "Báo Nhân Dân",
      roles: [{ role: "JUDGE", contestId: contest.id, categoryId: print }],
    });
    const author = await makeUser(t.db);
    const secret = [{ fullName: "Tên Bí Mật", penName: "Bút Danh Kín", agency: "Báo Ẩn Danh", shareBp: 10_000 }];
    const entry = (code: string, o: Partial<Parameters<typeof makeEntry>[1]> = {}) =>
      makeEntry(t.db, {
        contestId: contest.id,
        categoryId: print,
        submitterId: author.id,
        status: "ELIGIBLE",
        code,
        title: `Bài ${code}`,
        authors: secret,
        ...o,
      });
    const assigned = await entry("BI-001");
    const open = await entry("BI-002");
    const own = await entry("BI-003", {
      authors: [{ fullName: "Giám khảo viết bài", email: "gk-baoin@example.test", shareBp: 10_000 }],
    });
    const sameAgency = await entry("BI-004", {
      authors: [{ fullName: "Đồng nghiệp", agency: "báo nhân dân", shareBp: 10_000 }],
    });
    const declared = await entry("BI-005");
    const ineligible = await entry("BI-006", { status: "INELIGIBLE" });
    const otherCategory = await entry("BN-001", { categoryId: radio });
    await assign(t.db, round.id, [assigned.id], [judge.id]);
    await t.db.conflictDeclaration.create({
      data: { entryId: declared.id, judgeId: judge.id, kind: "DECLARED_BY_JUDGE", reason: "Người nhà" },
    });

    // Nothing of a round that is not open yet, even one open to the whole panel.
    await t.db.round.update({ where: { id: round.id }, data: { onlyAssignedEntries: false } }); // a round setting
    expect(await listJudgeWork(t.db, judge.id, "vi")).toEqual([]);
    await expect(getJudgeEntry(t.db, judge.id, round.id, open.id, "vi")).rejects.toMatchObject({ status: 404 });
    await expect(getJudgeEntry(t.db, judge.id, round.id, assigned.id, "vi")).rejects.toMatchObject({ status: 404 });
    await t.db.round.update({ where: { id: round.id }, data: { onlyAssignedEntries: true } });
    await openRound(t.db, round.id);

    // On (the default): only the assignment.
    expect((await listJudgeWork(t.db, judge.id, "vi"))[0]!.entries.map((e) => e.code)).toEqual(["BI-001"]);
    await expect(getJudgeEntry(t.db, judge.id, round.id, open.id, "vi")).rejects.toMatchObject({ status: 404 });

    await t.db.round.update({ where: { id: round.id }, data: { onlyAssignedEntries: false } });
    const work = await listJudgeWork(t.db, judge.id, "vi");
    expect(work[0]!.entries.map((e) => e.code)).toEqual(["BI-001", "BI-002"]);
    expect(work[0]).toMatchObject({ total: 2, submitted: 0 });
    const view = await getJudgeEntry(t.db, judge.id, round.id, open.id, "vi");
    expect(view.entry.code).toBe("BI-002");
    expect(view.prevEntryId).toBe(assigned.id);
    for (const s of ["Tên Bí Mật", "Bút Danh Kín", "Báo Ẩn Danh"]) expect(JSON.stringify(view)).not.toContain(s);
    expect(
      await saveScore(t.db, {
        judgeId: judge.id,
        roundId: round.id,
        entryId: open.id,
        values: { [crit[0]!]: 30, [crit[1]!]: 20, [crit[2]!]: 20 },
        comment: "",
        submit: true,
      }),
    ).toEqual({ status: "SUBMITTED", total: 70 });
    expect((await listJudgeWork(t.db, judge.id, "vi"))[0]).toMatchObject({ total: 2, submitted: 1 });

    // Never their own entry, a colleague's, a declared conflict, an ineligible entry or another category's.
    for (const e of [own, sameAgency, declared, ineligible, otherCategory]) {
      await expect(getJudgeEntry(t.db, judge.id, round.id, e.id, "vi"), e.code!).rejects.toMatchObject({ status: 404 });
      await expect(
        saveScore(t.db, {
          judgeId: judge.id,
          roundId: round.id,
          entryId: e.id,
          values: {},
          comment: "",
          submit: false,
        }),
        e.code!,
      ).rejects.toMatchObject({ status: 404 });
    }

    // Declaring a conflict on an open entry takes it out of the judge's reach.
    const third = await entry("BI-007");
    await declareConflict(t.db, {
      judgeId: judge.id,
      roundId: round.id,
      entryId: third.id,
      kind: "DECLARED_BY_JUDGE",
      reason: "Tác giả là đồng nghiệp cũ",
    });
    expect((await listJudgeWork(t.db, judge.id, "vi"))[0]!.entries.map((e) => e.code)).toEqual(["BI-001", "BI-002"]);
    await expect(getJudgeEntry(t.db, judge.id, round.id, third.id, "vi")).rejects.toMatchObject({ status: 404 });
  });
});

function author(e: { authors: { fullName: string }[] }) {
  return e.authors[0]!.fullName;
}

describe(`recused judges on ${testEngine}`, () => {
  let t: TestDb;
  afterAll(async () => {
    await t?.close();
  });

  it("leaves a recused judge's submitted score out of the entry's aggregate", async () => {
    const { judgeTotals } = await import("#app/server/organizer/rounds.server.ts");
    const { recuseJudge } = await import("#app/server/organizer/assignments.server.ts");
    t = await createTestDb();
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const roundId = contest.rounds[0]!.id;
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const [a, b] = [
      await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id }] }),
      await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id }] }),
    ];
    const author = await makeUser(t.db);
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: author.id,
      status: "ELIGIBLE",
    });
    await assign(t.db, roundId, [entry.id], [a.id, b.id]);
    await openRound(t.db, roundId);
    await makeScore(t.db, { roundId, entryId: entry.id, judgeId: a.id, values: [40, 30, 30] });
    await makeScore(t.db, { roundId, entryId: entry.id, judgeId: b.id, values: [10, 10, 10] });
    expect((await judgeTotals(t.db, roundId)).map((x) => x.total).sort()).toEqual([100, 30]);

    // Someone who is not a judge of this contest cannot be "recused" by posting their id.
    const stranger = await makeUser(t.db);
    await expect(
      recuseJudge(t.db, {
        contestId: contest.id,
        roundId,
        entryId: entry.id,
        judgeId: stranger.id,
        reason: "Thử",
        actorId: organizer.id,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await t.db.conflictDeclaration.count({ where: { judgeId: stranger.id } })).toBe(0);
    await recuseJudge(t.db, {
      contestId: contest.id,
      roundId,
      entryId: entry.id,
      judgeId: a.id,
      reason: "Là đồng nghiệp của tác giả",
      actorId: organizer.id,
    });
    const totals = await judgeTotals(t.db, roundId);
    expect(totals).toEqual([{ judgeId: b.id, entryId: entry.id, total: 30 }]);
    // The score itself is kept for the record.
    expect(await t.db.score.count({ where: { roundId, entryId: entry.id, judgeId: a.id, status: "SUBMITTED" } })).toBe(
      1,
    );
    // Nor is it shown to the other judges when the round lets them see each other's scores.
    await t.db.round.update({ where: { id: roundId }, data: { judgesSeeOtherScores: true } });
    expect((await getJudgeEntry(t.db, b.id, roundId, entry.id, "vi")).others).toEqual([]);
  });
});

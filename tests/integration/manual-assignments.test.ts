import { describe, expect, it } from "vitest";
import { addAssignment, generateForRound, removeAssignment } from "#app/server/organizer/assignments.server.ts";
import { testEngine, useTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser, makeScore } from "#tests/support/kit.ts";

describe(`manual assignments on ${testEngine}`, () => {
  const t = useTestDb({ now: "2021-11-20T03:00:00Z" });

  async function setup() {
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const print = contest.category("print");
    const round = contest.rounds[0]!;
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const journalist = await makeUser(t.db);
    const sameAgency = await makeUser(t.db, {
      name: "GK Hải Dương",
      agency: "Báo Hải Dương",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const free = await makeUser(t.db, {
      name: "GK Tự Do",
      agency: "Báo Hải Phòng",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const stranger = await makeUser(t.db, { name: "Không phải GK" });
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print.id,
      submitterId: journalist.id,
      status: "ELIGIBLE",
      code: "BI-001",
      authors: [{ fullName: "A", agency: "BAO HAI DUONG" }],
    });
    const draft = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print.id,
      submitterId: journalist.id,
      status: "SUBMITTED",
      code: "BI-002",
    });
    const base = { contestId: contest.id, roundId: round.id, actorId: organizer.id };
    return { contest, round, organizer, sameAgency, free, stranger, entry, draft, base };
  }

  it("adds a free judge; refuses a conflicted one without a reason and stores and audits the override", async () => {
    const s = await setup();
    expect(await addAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.free.id })).toEqual({
      conflict: null,
    });
    await expect(addAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.free.id })).rejects.toMatchObject({
      code: "already_assigned",
    });
    await expect(
      addAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.sameAgency.id, overrideReason: "  " }),
    ).rejects.toMatchObject({ code: "conflict_needs_reason" });
    expect(await t.db.assignment.count({ where: { roundId: s.round.id, judgeId: s.sameAgency.id } })).toBe(0);

    await addAssignment(t.db, {
      ...s.base,
      entryId: s.entry.id,
      judgeId: s.sameAgency.id,
      overrideReason: "Giám khảo chuyên ngành duy nhất",
    });
    const row = await t.db.assignment.findFirstOrThrow({ where: { roundId: s.round.id, judgeId: s.sameAgency.id } });
    expect(row).toMatchObject({ overrideReason: "Giám khảo chuyên ngành duy nhất", createdById: s.organizer.id });
    const ev = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "assignment.override", entryId: s.entry.id },
    });
    expect(ev.actorId).toBe(s.organizer.id);
    expect(ev.after).toMatchObject({
      judgeId: s.sameAgency.id,
      conflict: "same_agency",
      overrideReason: "Giám khảo chuyên ngành duy nhất",
    });
    expect(
      await t.db.auditEvent.count({
        where: { action: "assignment.add", entryId: s.entry.id, actorId: s.organizer.id },
      }),
    ).toBe(1);

    // Generating again keeps the organizer's override instead of removing it as a conflict.
    await generateForRound(t.db, { contestId: s.contest.id, roundId: s.round.id, actorId: s.organizer.id });
    expect(
      await t.db.assignment.count({ where: { roundId: s.round.id, judgeId: s.sameAgency.id, entryId: s.entry.id } }),
    ).toBe(1);
  });

  it("refuses entries outside the round, people outside the panel and other contests' ids", async () => {
    const s = await setup();
    await expect(addAssignment(t.db, { ...s.base, entryId: s.draft.id, judgeId: s.free.id })).rejects.toMatchObject({
      code: "entry_not_in_round",
    });
    await expect(addAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.stranger.id })).rejects.toMatchObject(
      { code: "judge_not_in_panel" },
    );
    const other = await setup();
    await expect(
      addAssignment(t.db, { ...s.base, entryId: other.entry.id, judgeId: s.free.id }),
    ).rejects.toBeInstanceOf(Response);
  });

  it("removes an assignment with a draft (and the draft), refuses one with a submitted sheet, audited", async () => {
    const s = await setup();
    await addAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.free.id });
    await makeScore(t.db, {
      roundId: s.round.id,
      entryId: s.entry.id,
      judgeId: s.free.id,
      values: [10, 10, 10],
      status: "SUBMITTED",
    });
    await expect(removeAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.free.id })).rejects.toMatchObject({
      code: "has_submitted_score",
    });
    expect(await t.db.assignment.count({ where: { roundId: s.round.id, judgeId: s.free.id } })).toBe(1);

    await addAssignment(t.db, {
      ...s.base,
      entryId: s.entry.id,
      judgeId: s.sameAgency.id,
      overrideReason: "Thiếu người",
    });
    await makeScore(t.db, {
      roundId: s.round.id,
      entryId: s.entry.id,
      judgeId: s.sameAgency.id,
      values: [5, 5, 5],
      status: "DRAFT",
    });
    await removeAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.sameAgency.id });
    expect(await t.db.assignment.count({ where: { roundId: s.round.id, judgeId: s.sameAgency.id } })).toBe(0);
    expect(await t.db.score.count({ where: { roundId: s.round.id, judgeId: s.sameAgency.id } })).toBe(0);
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "assignment.remove", entryId: s.entry.id } });
    expect(ev).toMatchObject({ actorId: s.organizer.id, after: { assignmentRemoved: 1, draftScoresRemoved: 1 } });
    await expect(
      removeAssignment(t.db, { ...s.base, entryId: s.entry.id, judgeId: s.sameAgency.id }),
    ).rejects.toMatchObject({ code: "judge_not_assigned" });
  });
});

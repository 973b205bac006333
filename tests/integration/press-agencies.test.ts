import { describe, expect, it } from "vitest";
import { addAssignment, generateForRound } from "#app/server/organizer/assignments.server.ts";
import { agencySuggestions, deleteAgency, saveAgency } from "#app/server/organizer/agencies.server.ts";
import { testEngine, useTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";

describe(`press-agency list and conflicts on ${testEngine}`, () => {
  const t = useTestDb({ now: "2021-11-20T03:00:00Z" });

  it("excludes a judge of 'Đài PT-TH Hải Dương' from an entry by 'Đài Phát thanh và Truyền hình Hải Dương' once both name one listed agency", async () => {
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["tv"] });
    const round = contest.rounds[0]!;
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const journalist = await makeUser(t.db);
    const judge = await makeUser(t.db, {
      name: "GK Đài tỉnh",
      agency: "Đài PT-TH Hải Dương",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("tv").id,
      submitterId: journalist.id,
      status: "ELIGIBLE",
      code: "TH-001",
      authors: [{ fullName: "Trần Văn Minh", agency: "Đài Phát thanh và Truyền hình Hải Dương" }],
    });
    const base = { contestId: contest.id, roundId: round.id, actorId: organizer.id };

    // Without the list the two spellings are different agencies: the judge is assigned.
    const [before] = await generateForRound(t.db, base);
    expect(before!.conflicts).toEqual([]);
    expect(await t.db.assignment.count({ where: { roundId: round.id, judgeId: judge.id } })).toBe(1);

    await saveAgency(t.db, {
      contestId: contest.id,
      name: "Đài Phát thanh và Truyền hình Hải Dương",
      shortNames: "Đài PT-TH Hải Dương\nĐài PTTH Hải Dương",
      aliases: "HDTV",
      actorId: organizer.id,
    });
    const [after] = await generateForRound(t.db, base);
    expect(after!.conflicts.map((c) => [c.judgeName, c.entryCode, c.reason, c.detail])).toEqual([
      ["GK Đài tỉnh", "TH-001", "same_agency", "Đài Phát thanh và Truyền hình Hải Dương"],
    ]);
    expect(after!.removed).toBe(1);
    expect(await t.db.assignment.count({ where: { roundId: round.id, judgeId: judge.id } })).toBe(0);
    // The manual form applies the same rule.
    await expect(addAssignment(t.db, { ...base, entryId: entry.id, judgeId: judge.id })).rejects.toMatchObject({
      code: "conflict_needs_reason",
    });
    expect(
      await t.db.auditEvent.count({ where: { action: "agency.create", contestId: contest.id, actorId: organizer.id } }),
    ).toBe(1);
    expect(await agencySuggestions(t.db, [contest.id])).toEqual([
      "Đài Phát thanh và Truyền hình Hải Dương",
      "Đài PT-TH Hải Dương",
      "Đài PTTH Hải Dương",
    ]);
  });

  it("refuses a name that already belongs to another agency, and deletes an agency with an audit event", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const a = await saveAgency(t.db, {
      contestId: contest.id,
      name: "Báo Hải Dương",
      shortNames: "Báo HD",
      aliases: "",
      actorId: organizer.id,
    });
    await expect(
      saveAgency(t.db, {
        contestId: contest.id,
        name: "Báo Hải Dương Cuối tuần",
        shortNames: "bao hd",
        aliases: "",
        actorId: organizer.id,
      }),
    ).rejects.toMatchObject({
      code: "agency_spelling_taken",
      params: { spelling: "bao hd", agency: "Báo Hải Dương" },
    });
    expect(await t.db.pressAgency.count({ where: { contestId: contest.id } })).toBe(1);
    await saveAgency(t.db, {
      contestId: contest.id,
      id: a.id,
      name: "Báo Hải Dương",
      shortNames: "Báo HD\nBHD",
      aliases: "",
      actorId: organizer.id,
    });
    expect((await t.db.pressAgency.findUniqueOrThrow({ where: { id: a.id } })).shortNames).toEqual(["Báo HD", "BHD"]);
    await deleteAgency(t.db, { contestId: contest.id, id: a.id, actorId: organizer.id });
    expect(await t.db.pressAgency.count({ where: { contestId: contest.id } })).toBe(0);
    expect(
      await t.db.auditEvent.count({
        where: { contestId: contest.id, action: { in: ["agency.create", "agency.update", "agency.delete"] } },
      }),
    ).toBe(3);
  });
});

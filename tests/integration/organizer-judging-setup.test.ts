import { describe, expect, it } from "vitest";
import { generateForRound, recuseJudge } from "#app/server/organizer/assignments.server.ts";
import { decideEligibility, recomputeFlags } from "#app/server/organizer/entries.server.ts";
import { acceptInvite, getInvite, inviteJudge } from "#app/server/organizer/judges.server.ts";
import { changePhase, updateContestRules } from "#app/server/organizer/contests.server.ts";
import { ContestRulesSchema } from "#app/domain/contest-settings.ts";
import { DomainError } from "#app/domain/errors.ts";
import { refusalText } from "#app/server/shared/refusals.server.ts";
import { testEngine, useTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";

/** A refusal as the Vietnamese reader sees it (the service throws a code, the catalogue words it). */
const inVietnamese = (err: unknown) => {
  if (err instanceof DomainError) return refusalText(err, "vi");
  throw err;
};

describe(`judges, assignments and eligibility on ${testEngine}`, () => {
  const t = useTestDb({ now: "2021-11-20T03:00:00Z" });

  it("excludes a judge whose agency differs from an author's only by case and diacritics, and says so", async () => {
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const print = contest.category("print");
    const round = contest.rounds[0]!;
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const journalist = await makeUser(t.db);
    const conflicted = await makeUser(t.db, {
      name: "Giám khảo Báo HD",
      agency: "BÁO HẢI DƯƠNG",
      roles: [{ role: "JUDGE", contestId: contest.id }],
    });
    const author = await makeUser(t.db, {
      name: "Giám khảo tác giả",
      roles: [{ role: "JUDGE", contestId: contest.id, categoryId: print.id }],
    });
    const free = await makeUser(t.db, {
      name: "Giám khảo tự do",
      agency: "Báo Hải Phòng",
      roles: [{ role: "JUDGE", contestId: contest.id, roundId: round.id }],
    });
    await makeUser(t.db, {
      name: "Giám khảo vòng khác",
      roles: [{ role: "JUDGE", contestId: contest.id, roundId: contest.rounds[1]!.id }],
    });
    const e1 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print.id,
      submitterId: journalist.id,
      status: "ELIGIBLE",
      code: "BI-001",
      authors: [{ fullName: "A", agency: "bao hai  duong" }],
    });
    const e2 = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print.id,
      submitterId: journalist.id,
      status: "ELIGIBLE",
      code: "BI-002",
      authors: [{ fullName: "B", agency: "Báo Nhân Dân", userId: author.id }],
    });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: print.id,
      submitterId: journalist.id,
      status: "SUBMITTED",
      code: "BI-003",
    });

    const [result] = await generateForRound(t.db, { contestId: contest.id, roundId: round.id, actorId: organizer.id });
    expect(result).toMatchObject({ judges: 3, entries: 2 });
    expect(result!.conflicts.map((c) => [c.judgeName, c.entryCode, c.reason, c.detail])).toEqual(
      expect.arrayContaining([
        ["Giám khảo Báo HD", "BI-001", "same_agency", "bao hai  duong"],
        ["Giám khảo tác giả", "BI-002", "author", ""],
      ]),
    );
    const pairs = (await t.db.assignment.findMany({ where: { roundId: round.id } })).map(
      (a) =>
        `${a.judgeId === conflicted.id ? "hd" : a.judgeId === author.id ? "author" : a.judgeId === free.id ? "free" : "?"}/${a.entryId === e1.id ? 1 : 2}`,
    );
    expect(pairs.sort()).toEqual(["author/1", "free/1", "free/2", "hd/2"]);
    expect(await t.db.auditEvent.count({ where: { action: "assignments.generate", targetId: round.id } })).toBe(1);

    await recuseJudge(t.db, {
      contestId: contest.id,
      roundId: round.id,
      entryId: e2.id,
      judgeId: free.id,
      reason: "Người thân của tác giả",
      actorId: organizer.id,
    });
    expect(await t.db.assignment.count({ where: { roundId: round.id, judgeId: free.id, entryId: e2.id } })).toBe(0);
    const again = await generateForRound(t.db, { contestId: contest.id, roundId: round.id, actorId: organizer.id });
    expect(again[0]!.conflicts.some((c) => c.judgeId === free.id && c.reason === "declared")).toBe(true);
    expect(await t.db.assignment.count({ where: { roundId: round.id, judgeId: free.id, entryId: e2.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "judge.recuse", entryId: e2.id } })).toBe(1);
  });

  it("balances k = 2 judges per entry across the panel with loads within one", async () => {
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["tv"] });
    const tv = contest.category("tv");
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const journalist = await makeUser(t.db);
    const judges = [];
    for (let i = 0; i < 7; i++)
      judges.push(await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id, categoryId: tv.id }] }));
    for (let i = 0; i < 31; i++)
      await makeEntry(t.db, {
        contestId: contest.id,
        categoryId: tv.id,
        submitterId: journalist.id,
        status: "ELIGIBLE",
      });
    const [r] = await generateForRound(t.db, {
      contestId: contest.id,
      roundId: contest.rounds[0]!.id,
      actorId: organizer.id,
    });
    expect(r!.created).toBe(62);
    const rows = await t.db.assignment.groupBy({
      by: ["judgeId"],
      where: { roundId: contest.rounds[0]!.id },
      _count: { _all: true },
    });
    const loads = rows.map((x) => x._count._all);
    expect(loads).toHaveLength(7);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const perEntry = await t.db.assignment.groupBy({
      by: ["entryId"],
      where: { roundId: contest.rounds[0]!.id },
      _count: { _all: true },
    });
    expect(perEntry.every((x) => x._count._all === 2)).toBe(true);
    // Generating again is idempotent.
    const [again] = await generateForRound(t.db, {
      contestId: contest.id,
      roundId: contest.rounds[0]!.id,
      actorId: organizer.id,
    });
    expect(again!.created).toBe(0);
  });

  it("invites a judge by mail; the link sets a password, verifies the e-mail and works once", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const { userId, token } = await inviteJudge(t.db, contest, {
      email: "gk.moi@example.test",
      name: "Giám khảo Mới",
      agency: "Báo Hải Dương",
      categoryIds: [contest.category("print").id],
      roundIds: [],
      actorId: organizer.id,
    });
    const mail = await t.db.outboxMail.findFirstOrThrow({
      where: { to: "gk.moi@example.test", template: "judge/invitation" },
    });
    expect(mail.subject).toBe("Mời tham gia Hội đồng giám khảo Giải Báo chí thử nghiệm");
    expect(mail.text).toContain(`/invite/${token}`);
    expect(await getInvite(t.db, token)).toMatchObject({ email: "gk.moi@example.test", hasPassword: false });
    expect(await acceptInvite(t.db, { token, password: "MatKhau-Moi-123" })).toBe(userId);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userId }, include: { roleGrants: true } });
    expect(user.passwordHash).toBeTruthy();
    expect(user.emailVerifiedAt).toBeTruthy();
    expect(user.roleGrants.map((g) => [g.role, g.categoryId])).toEqual([["JUDGE", contest.category("print").id]]);
    expect(await acceptInvite(t.db, { token, password: "Khac-Nua-456" })).toBeNull();
  });

  it("decides eligibility in bulk with a reason, mails each submitter once, and reports what could not change", async () => {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const j = await makeUser(t.db, { email: "tacgia@example.test" });
    const a = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
      code: "BI-001",
    });
    const b = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
      code: "BI-002",
      status: "WITHDRAWN",
    });
    await expect(
      decideEligibility(t.db, {
        contestId: contest.id,
        entryIds: [a.id],
        decision: "INELIGIBLE",
        reason: " ",
        actorId: organizer.id,
      }).catch(inVietnamese),
    ).resolves.toMatch(/lý do/);
    const r = await decideEligibility(t.db, {
      contestId: contest.id,
      entryIds: [a.id, b.id],
      decision: "INELIGIBLE",
      reason: "Đăng ngoài thời gian quy định",
      actorId: organizer.id,
    });
    expect(r.done).toEqual([a.id]);
    expect(r.failed.map((f) => f.code)).toEqual(["BI-002"]);
    await decideEligibility(t.db, {
      contestId: contest.id,
      entryIds: [a.id],
      decision: "INELIGIBLE",
      reason: "Đăng ngoài thời gian quy định",
      actorId: organizer.id,
    });
    const mails = await t.db.outboxMail.findMany({ where: { to: "tacgia@example.test" } });
    expect(mails.map((m) => m.subject)).toEqual(["Tác phẩm BI-001 không đủ điều kiện dự thi"]);
    expect(mails[0]!.text).toContain("Lý do: Đăng ngoài thời gian quy định");
    expect(await t.db.auditEvent.count({ where: { action: "entry.status", entryId: a.id } })).toBe(1);
    // Once results are published, an entry's eligibility is final.
    await t.db.contest.update({ where: { id: contest.id }, data: { phase: "PUBLISHED" } });
    await expect(
      decideEligibility(t.db, {
        contestId: contest.id,
        entryIds: [a.id],
        decision: "ELIGIBLE",
        reason: "",
        actorId: organizer.id,
      }),
    ).rejects.toMatchObject({ code: "phase_eligibility" });
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("INELIGIBLE");
  });

  it("stores flags and refuses a rules change that existing entries would break", async () => {
    const contest = await makeContest(t.db, { categories: ["online"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const j = await makeUser(t.db);
    const online = contest.category("online").id;
    const x = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: online,
      submitterId: j.id,
      parts: [{ publishedOn: "2020-09-30", url: "https://a.vn/1" }],
    });
    const y = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: online,
      submitterId: j.id,
      parts: [{ publishedOn: "2021-01-01", url: "http://www.a.vn/1/" }],
    });
    expect(await recomputeFlags(t.db, contest.id)).toMatchObject({ entries: 2, changed: 2, flagged: 2 });
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: x.id } })).flags).toEqual([
      "part_outside_window",
      "missing_evidence",
      "duplicate_url",
    ]);
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: y.id } })).flags).toEqual([
      "missing_evidence",
      "duplicate_url",
    ]);

    const rules = ContestRulesSchema.parse({
      nameVi: "Giải",
      organizerName: "BTC",
      publicationStart: "2020-10-01",
      publicationEnd: "2020-12-31",
      submissionDeadline: "2021-11-10",
      timeZone: "Asia/Ho_Chi_Minh",
      maxPartsPerEntry: 5,
      maxAuthorsPerEntry: 5,
    });
    await expect(updateContestRules(t.db, contest.id, rules, organizer.id)).rejects.toMatchObject({
      code: "window_end",
      params: { date: "2021-01-01" },
      others: [],
    });
    expect((await t.db.contest.findUniqueOrThrow({ where: { id: contest.id } })).nameVi).toBe(
      "Giải Báo chí thử nghiệm",
    );
    await updateContestRules(t.db, contest.id, { ...rules, publicationEnd: "2021-10-01" }, organizer.id);
    expect(await t.db.auditEvent.count({ where: { action: "contest.rules", contestId: contest.id } })).toBe(1);
  });

  it("recomputes flags when submissions close and mails no judge when judging starts (a round's opening does)", async () => {
    const contest = await makeContest(t.db, { categories: ["print"], phase: "OPEN" });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    await makeUser(t.db, { email: "gk-phase@example.test", roles: [{ role: "JUDGE", contestId: contest.id }] });
    const j = await makeUser(t.db);
    const late = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: j.id,
      parts: [{ publishedOn: "2021-10-02" }],
    });
    await changePhase(t.db, { contestId: contest.id, to: "CLOSED", actorId: organizer.id });
    expect((await t.db.entry.findUniqueOrThrow({ where: { id: late.id } })).flags).toContain("part_outside_window");
    await changePhase(t.db, { contestId: contest.id, to: "JUDGING", actorId: organizer.id });
    expect(await t.db.outboxMail.findMany({ where: { to: "gk-phase@example.test" } })).toEqual([]);
    await expect(
      changePhase(t.db, { contestId: contest.id, to: "OPEN", actorId: organizer.id }).catch(inVietnamese),
    ).resolves.toMatch(/Không thể chuyển giải từ "JUDGING" sang "OPEN"/);
    expect(await t.db.auditEvent.count({ where: { action: "contest.phase", contestId: contest.id } })).toBe(2);
  });
});

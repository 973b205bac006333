import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { importMailedCsv, registerMailedEntry } from "#app/server/organizer/mailed.server.ts";
import type { MailedIssue } from "#app/domain/mailed-entries.ts";
import { csvErrorText } from "#app/server/organizer/messages.server.ts";
import { testEngine, useTestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";

describe(`mailed entries on ${testEngine}`, () => {
  const t = useTestDb({ now: "2021-11-20T03:00:00Z" });

  it("imports nothing from a file with bad rows and reports each with its line and reason", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print", "radio"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const r = await importMailedCsv(
      t.db,
      contest,
      fs.readFileSync("tests/fixtures/mailed-entries-bad.csv", "utf8"),
      organizer.id,
    );
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => `${e.line}: ${csvErrorText(e)}`)).toEqual([
      "3: Dấu bưu điện sau hạn cuối nhận tác phẩm: không được nhận.",
      '4: Nhóm giải "tv" không có trong giải này.',
      '4: Email "khong-phai-email" không hợp lệ.',
      '5: Ngày nhận "31/02/2021" không hợp lệ (dd/mm/yyyy).',
    ]);
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);
    expect(await t.db.user.count({ where: { email: "ok@example.test" } })).toBe(0);
  });

  it("imports a good file: codes, postal channel, linked journalists, a quoted multi-line field", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED" });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const existing = await makeUser(t.db, { email: "levanc@example.test", name: "Lê Văn C" });
    const text = fs.readFileSync("tests/fixtures/mailed-entries-good.csv", "utf8");
    const r = await importMailedCsv(t.db, contest, text, organizer.id);
    expect(r.errors).toEqual([]);
    expect(r.created).toEqual([
      { line: 2, code: "BI-001" },
      { line: 3, code: "BN-001" },
    ]);
    const entries = await t.db.entry.findMany({
      where: { contestId: contest.id },
      include: { parts: true, authors: true, submitter: true },
      orderBy: { code: "asc" },
    });
    expect(
      entries.map((e) => [e.code, e.channel, e.status, e.registeredById, e.postmarkDate?.toISOString().slice(0, 10)]),
    ).toEqual([
      ["BI-001", "POSTAL", "SUBMITTED", organizer.id, "2021-11-10"],
      ["BN-001", "POSTAL", "SUBMITTED", organizer.id, "2021-11-01"],
    ]);
    expect(entries[1]!.submitterId).toBe(existing.id);
    expect(entries[1]!.parts).toHaveLength(2);
    expect(entries[1]!.summary).toBe("Hai kỳ, phát sóng\ntháng 2");
    expect(entries[0]!.submitter.passwordHash).toBeNull();
    expect(entries[0]!.authors[0]).toMatchObject({
      fullName: "Trần Thị B",
      penName: "Hà An",
      agencyNormalized: "bao hai duong",
      userId: entries[0]!.submitterId,
    });
    expect(await t.db.auditEvent.count({ where: { contestId: contest.id, action: "entry.register_mailed" } })).toBe(2);

    const again = await importMailedCsv(t.db, contest, text, organizer.id);
    expect(again.errors).toEqual([
      { line: 2, code: "alreadyRegistered", params: { value: "BI-001" } },
      { line: 3, code: "alreadyRegistered", params: { value: "BN-001" } },
    ]);
    expect(again.errors.map((e) => csvErrorText(e, "en"))).toEqual([
      "This entry is already registered (BI-001).",
      "This entry is already registered (BN-001).",
    ]);
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(2);
  });

  it("refuses paper entries once judging has started, by form and by CSV", async () => {
    const contest = await makeContest(t.db, { phase: "JUDGING" });
    const input = {
      categoryCode: "print",
      title: "Đến muộn",
      outlet: "Báo Hải Dương",
      summary: "",
      postmarkDate: "2021-11-10",
      receivedDate: "2021-12-01",
      email: "muon@example.test",
      fullName: "Lê Muộn",
      penName: "",
      agency: "",
      phone: "",
      parts: [{ publishedOn: "2021-05-01", url: "" }],
    };
    expect(await registerMailedEntry(t.db, contest, input, "x")).toEqual({
      ok: false,
      errors: [{ code: "phase" }],
    });
    const csv = await importMailedCsv(t.db, contest, "category,title\nprint,Bài\n", "x");
    expect(csv).toMatchObject({ ok: false, errors: [{ line: 1, code: "phase" }] });
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);
  });

  it("reports a malformed CSV (an unclosed quote) instead of guessing", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED" });
    const r = await importMailedCsv(t.db, contest, 'category,title\nprint,"not closed\n', "x");
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ code: "syntax", params: { value: expect.any(String) } });
  });

  it("accepts a paper entry postmarked on the deadline day, registered ten days later, and refuses the next day's", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED" });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const input = {
      categoryCode: "print",
      title: "Bài gửi bưu điện",
      outlet: "Báo Hải Dương",
      summary: "",
      postmarkDate: "2021-11-10",
      receivedDate: "2021-11-12",
      email: "buudien@example.test",
      fullName: "Ngô Bưu Điện",
      penName: "",
      agency: "",
      phone: "",
      parts: [{ publishedOn: "2021-05-01", url: "" }],
    };
    const ok = await registerMailedEntry(t.db, contest, input, organizer.id);
    expect(ok).toMatchObject({ ok: true, code: "BI-001" });
    const late = await registerMailedEntry(
      t.db,
      contest,
      { ...input, title: "Bài khác", postmarkDate: "2021-11-11" },
      organizer.id,
    );
    expect(late).toEqual({ ok: false, errors: [{ code: "postmarkLate" }] });
    const entry = await t.db.entry.findUniqueOrThrow({ where: { id: (ok as { id: string }).id } });
    expect(entry.flags).toEqual([]);
    const receipts = await t.db.outboxMail.findMany({ where: { to: "buudien@example.test" } });
    expect(receipts.map((m) => m.subject)).toEqual(["Đã nhận tác phẩm BI-001 gửi qua bưu điện"]);
    expect(receipts[0]!.text).toContain("dấu bưu điện 10/11/2021, nhận ngày 12/11/2021");
    expect(receipts[0]!.text).toContain("quên mật khẩu");
  });
  // Issue 8: a paper entry obeys the publication window exactly as an online one does.
  it("refuses a paper entry with a part published outside the window, naming the part and its date (form and CSV)", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print", "radio"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const input = {
      categoryCode: "radio",
      title: "Loạt bài có kỳ đăng muộn",
      outlet: "",
      summary: "",
      postmarkDate: "2021-11-01",
      receivedDate: "2021-11-03",
      email: "ngoai@example.test",
      fullName: "Lê Ngoài",
      penName: "",
      agency: "",
      phone: "",
      parts: [
        { publishedOn: "2021-09-01", url: "" },
        { publishedOn: "2021-10-05", url: "" },
      ],
    };
    const r = await registerMailedEntry(t.db, contest, input, organizer.id);
    expect(r.ok).toBe(false);
    const errors = (r as { errors: MailedIssue[] }).errors;
    expect(errors.map((e) => csvErrorText(e))).toEqual([
      "[Thời gian đăng, phát] Kỳ 2 ngày 05/10/2021 nằm ngoài khoảng 01/10/2020 – 01/10/2021.",
    ]);
    expect(errors.map((e) => csvErrorText(e, "en"))).toEqual([
      "[Publication window] Part 2 dated 05/10/2021 is outside 01/10/2020 – 01/10/2021.",
    ]);
    const early = await registerMailedEntry(
      t.db,
      contest,
      { ...input, parts: [{ publishedOn: "2020-09-30", url: "" }] },
      organizer.id,
    );
    expect((early as { errors: MailedIssue[] }).errors.map((e) => csvErrorText(e))).toEqual([
      "[Thời gian đăng, phát] Kỳ 1 ngày 30/09/2020 nằm ngoài khoảng 01/10/2020 – 01/10/2021.",
    ]);
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);

    const csv = await importMailedCsv(
      t.db,
      contest,
      fs.readFileSync("tests/fixtures/mailed-entries-window.csv", "utf8"),
      organizer.id,
    );
    expect(csv.ok).toBe(false);
    expect(csv.errors.map((e) => `${e.line}: ${csvErrorText(e)}`)).toEqual([
      "3: [Thời gian đăng, phát] Kỳ 2 ngày 05/10/2021 nằm ngoài khoảng 01/10/2020 – 01/10/2021.",
    ]);
    expect(await t.db.entry.count({ where: { contestId: contest.id } })).toBe(0);
  });
});

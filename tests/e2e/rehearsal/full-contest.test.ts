/**
 * The full-contest rehearsal (issue 8 §3): one whole contest, from the admin creating it to the
 * published results, only through the UI and the organizer's documented CSV import. The test
 * writes nothing to the database and imports no server code: every state is reached by a
 * person's action, read back from pages, the JSON API and the mails in the e2e SMTP sink. Only
 * the server's clock is moved, through the e2e-only hook (tests/e2e/rehearsal/clock.ts).
 *
 * The contest runs in 2020, before the demo's 2021 deadline, so the site header keeps showing
 * the demo contest to the other e2e tests sharing this server.
 */
import { validPdf } from "../support/pdf.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { waitForMail } from "../support/mail.ts";
import { AdminPages } from "../support/admin.page.ts";
import { setServerClock } from "./clock.ts";
import { JournalistPages, type Author } from "../support/journalist.page.ts";
import { JudgePages } from "../support/judge.page.ts";
import { OrganizerPages } from "../support/organizer.page.ts";
import { axeOnce, Person } from "../support/people.ts";

// The demo accounts documented in the README.
const DEMO_PASSWORD = "GiaiBaoChi@2021";
const ADMIN = "quantri@giaibaochi.test";
const ORGANIZER = "bantochuc@giaibaochi.test";
const DEMO_ADMIN_TOTP = "JBSWY3DPEHPK3PXPGIAIBAOCHIDEMO22"; // published in the README

const uid = Date.now().toString(36);
const slug = `tong-duyet-${uid}`;
const contestName = `Giải Báo chí tổng duyệt ${uid}`;
const mail = (who: string) => `${who}-${uid}@example.test`;
const PASSWORD = "TongDuyet-2020!";

const J1 = { fullName: "Khúc Thị Thu Vân", penName: "Vân Khúc", agency: "Báo Hải Dương", phone: "0912 000 001" };
const J2 = {
  fullName: "Lạc Văn Trường",
  penName: "Trường Giang Lạc",
  agency: "Báo Nông thôn Ngày nay",
  phone: "0912 000 002",
};
const J3 = {
  fullName: "Thân Thị Hồng Mai",
  penName: "Hồng Mai Thân",
  agency: "Đài Phát thanh Kinh Môn",
  phone: "0912 000 003",
};
const CO_AUTHORS: (Author & { email?: string })[] = [
  { fullName: "Ông Thị Ngọc Hà", penName: "Ngọc Hà Ông", agency: "Báo Nông thôn Ngày nay" },
  { fullName: "Mạc Quốc Bảo", penName: "Bảo Mạc", agency: "Tạp chí Nông nghiệp Xanh", email: mail("dongtacgia") },
];
const POSTED = { fullName: "Tạ Văn Bưu", penName: "Bưu Tạ", agency: "Báo Chí Linh Xưa", email: mail("buudien") };
const POSTED_LATE_WINDOW = { fullName: "Lò Văn Sớm", agency: "Đài Truyền thanh Ninh Giang", email: mail("som") };
const INELIGIBLE = { fullName: "Lò Thị Thư", agency: "Đài Truyền thanh Thanh Hà", email: mail("khonghople") };
const JUDGES = [
  { name: "Giám khảo Tổng Duyệt Một", agency: "Hội Nhà báo tỉnh", email: mail("gk1") },
  { name: "Giám khảo Tổng Duyệt Hai", agency: "Trường Đại học Hải Dương", email: mail("gk2") },
  // Same agency as J1 (spelled differently): never assigned J1's entry.
  { name: "Giám khảo Tổng Duyệt Ba", agency: "BÁO HẢI DƯƠNG", email: mail("gk3") },
];

/** Everything a blind judge must never receive. */
const SECRETS = [J1, J2, J3, ...CO_AUTHORS, POSTED, INELIGIBLE]
  .flatMap((a) => [a.fullName, a.agency, ...("penName" in a && a.penName ? [a.penName] : [])])
  .concat([mail("j1"), mail("j2"), mail("j3"), POSTED.email, "Khuc-Thi-Thu-Van", "Than-Thi-Hong-Mai", "Lac-Van-Truong"])
  .filter((s) => !JUDGES.some((j) => j.agency === s));

/** Small real files named after their authors, to prove judges get neutral names. */
function evidenceFiles(): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-rehearsal-"));
  const pdf = (n: number) => validPdf(n);
  const files: Record<string, string> = {};
  for (const [key, name, body] of [
    ["k1", "Khuc-Thi-Thu-Van-ky-1.pdf", pdf(1)],
    ["k2", "Khuc-Thi-Thu-Van-ky-2.pdf", pdf(2)],
    ["k3", "Khuc-Thi-Thu-Van-ky-3.pdf", pdf(3)],
    ["group", "Lac-Van-Truong-nhom.pdf", pdf(4)],
    ["audio", "Than-Thi-Hong-Mai-phong-su.mp3", fs.readFileSync("tests/fixtures/phong-su.mp3")],
    ["late", "dem-hoi-lang.mp3", fs.readFileSync("tests/fixtures/phong-su.mp3")],
  ] as const) {
    files[key] = path.join(dir, name);
    fs.writeFileSync(files[key], body);
  }
  return files;
}

/** test.step, with its duration in the output (the rehearsal must stay fast enough for CI). */
async function step(name: string, body: () => Promise<void>) {
  const t = Date.now();
  await test.step(name, body);
  console.log(`  ${((Date.now() - t) / 1000).toFixed(1).padStart(5)} s  ${name}`);
}

test.afterAll(async ({ request }) => {
  await setServerClock(request, null);
});

test("a whole contest, from creation to published results, through the UI only", async ({ browser, request }) => {
  test.setTimeout(420_000);
  const files = evidenceFiles();
  const people: Person[] = [];
  const person = async (email: string, password: string) => {
    const p = await Person.open(browser, email, password);
    people.push(p);
    return p;
  };

  await step("the admin creates the contest and makes the demo organizer its organizer", async () => {
    const admin = await person(ADMIN, DEMO_PASSWORD);
    await admin.login(DEMO_ADMIN_TOTP);
    // 5 November 2020, five days before the deadline.
    await setServerClock(request, "2020-11-05T09:00:00+07:00");
    const a = new AdminPages(admin);
    await a.createContest({
      slug,
      name: contestName,
      nameEn: `Rehearsal press award ${uid}`,
      organizerName: "Sở Thông tin và Truyền thông",
      start: "2020-02-01",
      end: "2020-12-31",
      deadline: "2020-12-31",
    });
    await a.grantOrganizer(contestName, ORGANIZER);
    await admin.close();
  });

  const organizer = await person(ORGANIZER, DEMO_PASSWORD);
  await organizer.login();
  const org = new OrganizerPages(organizer, slug);

  await step("the organizer sets the window, deadline, categories with tiers and two weighted rounds", async () => {
    await org.setRules({
      theme: "Đổi mới và phát triển",
      contactEmail: "bantochuc@example.test",
      start: "2020-01-01",
      end: "2020-10-31",
      deadline: "2020-11-10",
      maxParts: 5,
      maxAuthors: 5,
    });
    // Print: exactly as many prizes as finalists. Radio: too few entries, two prizes stay unawarded.
    await org.addCategory({
      code: "print",
      prefix: "BI",
      name: "Báo in",
      nameEn: "Print",
      pdfMb: 10,
      tiers: [
        { name: "Giải A", nameEn: "First prize", count: 1, amount: 20_000_000 },
        { name: "Giải B", nameEn: "Second prize", count: 1, amount: 10_000_000 },
      ],
    });
    await org.addCategory({
      code: "radio",
      prefix: "PT",
      name: "Phát thanh",
      nameEn: "Radio",
      audioMb: 20,
      tiers: [
        { name: "Giải A", nameEn: "First prize", count: 1, amount: 15_000_000 },
        { name: "Giải Khuyến khích", nameEn: "Honourable mention", count: 2, amount: 5_000_000 },
      ],
    });
    await org.addRound({
      name: "Vòng sơ khảo",
      nameEn: "First round",
      source: "ALL_ELIGIBLE",
      minJudges: 2,
      advancement: "TOP_N",
      topN: 2,
      isFinal: false,
      criteria: [
        { name: "Nội dung, tư tưởng", nameEn: "Content", max: 10, weight: 2 },
        { name: "Hình thức thể hiện", nameEn: "Form", max: 10, weight: 1 },
      ],
    });
    await org.addRound({
      name: "Vòng chung khảo",
      nameEn: "Final round",
      source: "ADVANCED",
      minJudges: 2,
      advancement: "NONE",
      isFinal: true,
      criteria: [
        { name: "Giá trị tác phẩm", nameEn: "Value", max: 10, weight: 3 },
        { name: "Sức lan toả", nameEn: "Reach", max: 10, weight: 1 },
      ],
    });
    await org.changePhase("Mở nhận tác phẩm", "Đang nhận tác phẩm");
  });

  const codes: Record<string, string> = {};
  const j3 = new JournalistPages(await person(mail("j3"), PASSWORD), J3);
  await step("three journalists register, verify by mail, fill pen name and agency, and submit", async () => {
    const j1 = new JournalistPages(await person(mail("j1"), PASSWORD), J1);
    await j1.signUp();
    await j1.draft({
      contestName,
      category: "Báo in",
      title: "Dòng sông ký ức",
      outlet: "Tạp chí Xứ Đông",
      summary: "Loạt bài ba kỳ về những dòng sông.",
      parts: [
        { title: "Kỳ 1: Nguồn", publishedOn: "2020-03-02", file: files.k1 },
        { title: "Kỳ 2: Bến", publishedOn: "2020-03-09", file: files.k2 },
        { title: "Kỳ 3: Cửa biển", publishedOn: "2020-03-16", file: files.k3 },
      ],
    });
    codes.series = await j1.submit();
    await waitForMail(mail("j1"), new RegExp(`^Biên nhận tác phẩm dự thi ${codes.series}$`));

    const j2 = new JournalistPages(await person(mail("j2"), PASSWORD), J2);
    await j2.signUp();
    await j2.draft({
      contestName,
      category: "Báo in",
      title: "Cánh đồng không dấu chân",
      outlet: "Nông nghiệp Số",
      summary: "Điều tra của nhóm ba phóng viên.",
      parts: [{ title: "Toàn văn", publishedOn: "2020-06-20", file: files.group }],
      coAuthors: CO_AUTHORS,
    });
    // Split evenly: 33,34 % + 33,33 % + 33,33 % — a prize does not split into equal whole đồng.
    await expect(j2.page.getByLabel("Tỷ lệ hưởng giải tác giả 1 (%)")).toHaveValue(/^33[.,]34$/);
    await expect(j2.page.getByLabel("Tỷ lệ hưởng giải tác giả 3 (%)")).toHaveValue(/^33[.,]33$/);
    await j2.page.getByLabel("Email tác giả 3 (không bắt buộc)").fill(CO_AUTHORS[1]!.email!);
    await j2.page.getByRole("button", { name: "Lưu bản nháp" }).click();
    await expect(j2.page.getByText("Đã lưu.")).toBeVisible();
    codes.group = await j2.submit();

    await j3.signUp();
    await j3.draft({
      contestName,
      category: "Phát thanh",
      title: "Tiếng chuông chùa Côn Sơn",
      outlet: "Sóng Xứ Đông",
      summary: "Phóng sự phát thanh.",
      parts: [{ title: "Phát sóng", publishedOn: "2020-09-01", file: files.audio }],
    });
    codes.audio = await j3.submit();
    expect([codes.series, codes.group, codes.audio]).toEqual(["BI-001", "BI-002", "PT-001"]);
    // A second radio piece, left as a draft with its page open past the deadline.
    await j3.draft({
      contestName,
      category: "Phát thanh",
      title: "Đêm hội làng",
      outlet: "Sóng Xứ Đông",
      summary: "Bản nháp nộp muộn.",
      parts: [{ title: "Phát sóng", publishedOn: "2020-09-15", file: files.late }],
    });
  });

  // 11 November 2020: the deadline (end of 10/11, Vietnam time) has passed.
  await setServerClock(request, "2020-11-11T08:00:00+07:00");

  await step("a submission after the deadline is refused", async () => {
    const page = j3.page;
    await page.getByRole("button", { name: "Nộp tác phẩm" }).click();
    // Refused by the deadline rule, shown where the page lists what stops the submission.
    await expect(page.getByRole("alert").filter({ hasText: "Đã hết hạn nộp" }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByText("Đã hết hạn nộp (hết ngày 10/11/2020, giờ Việt Nam).")).toBeVisible();
    await expect(page.getByRole("button", { name: "Nộp tác phẩm" })).toHaveCount(0);
    await expectAccessible(page);
  });

  await step("the organizer registers a mailed entry by its postmark; an out-of-window one is refused", async () => {
    codes.posted = await org.registerMailed({
      category: "Báo in",
      title: "Làng nghề bên sông",
      outlet: "Tuần san Đồng Bằng số 45",
      postmark: "10/11/2020",
      received: "11/11/2020",
      email: POSTED.email,
      fullName: POSTED.fullName,
      penName: POSTED.penName,
      agency: POSTED.agency,
      parts: "12/05/2020",
    });
    codes.ineligible = await org.registerMailed({
      category: "Phát thanh",
      title: "Tiếng đàn đáy",
      outlet: "Truyền thanh Thanh Hà",
      postmark: "09/11/2020",
      received: "11/11/2020",
      email: INELIGIBLE.email,
      fullName: INELIGIBLE.fullName,
      agency: INELIGIBLE.agency,
      parts: "20/08/2020",
    });
    expect([codes.posted, codes.ineligible]).toEqual(["BI-003", "PT-002"]);
    // The documented CSV import (README: Importing mailed entries): a part published before the window.
    const answer = await org.importMailedCsv(
      "buu-dien.csv",
      [
        "category,title,outlet,postmark_date,received_date,email,full_name,agency,published_on",
        `radio,Mùa nước nổi,Truyền thanh Ninh Giang,08/11/2020,11/11/2020,${POSTED_LATE_WINDOW.email},${POSTED_LATE_WINDOW.fullName},${POSTED_LATE_WINDOW.agency},15/12/2019`,
      ].join("\n"),
    );
    await expect(answer).toContainText("Tệp có 1 lỗi, chưa nhập tác phẩm nào");
    await expect(answer).toContainText("Dòng 2");
    await expect(answer).toContainText("15/12/2019");
    const list = await organizer.visit(`/organizer/${slug}/entries`);
    await expect(list.getByRole("table")).toContainText("Làng nghề bên sông");
    await expect(list.getByRole("table")).not.toContainText("Mùa nước nổi");
  });

  await step("submissions close and eligibility is decided, one entry ineligible with its mail", async () => {
    await org.changePhase("Đóng nhận tác phẩm", "Đã hết hạn nhận");
    await org.markEligible([codes.series!, codes.group!, codes.audio!, codes.posted!]);
    await org.markIneligible(codes.ineligible!, "Tác phẩm đã đoạt giải ở cuộc thi khác năm 2020.");
    const decision = await waitForMail(INELIGIBLE.email, new RegExp(`${codes.ineligible} không đủ điều kiện dự thi`));
    expect(decision.text).toContain("Lý do: Tác phẩm đã đoạt giải ở cuộc thi khác năm 2020.");
  });

  const judges: JudgePages[] = [];
  await step("three judges invited by mail accept", async () => {
    for (const j of JUDGES) await org.inviteJudge(j);
    for (const j of JUDGES) {
      const judge = new JudgePages(await person(j.email, PASSWORD));
      await judge.acceptInvitation(j.name);
      judges.push(judge);
    }
  });

  await step("assignments leave out the judge from the author's agency; round 1 opens", async () => {
    const result = await org.generateAssignments("Vòng sơ khảo");
    await expect(result).toContainText("Đã loại 1 trường hợp xung đột lợi ích");
    await expect(result).toContainText(
      `${JUDGES[2]!.name} cùng cơ quan với tác giả của ${codes.series} (Báo Hải Dương)`,
    );
    await expect(organizer.page.getByRole("table").first()).toContainText("11 phân công");
    await org.changePhase("Bắt đầu chấm", "Đang chấm");
    const opened = await org.openRound(1);
    expect(opened.checklist).toContain("Tác phẩm hợp lệ trong vòng: 4");
    expect(opened.checklist).toContain("Giám khảo của vòng: 3");
    expect(opened.checklist).toContain("Lượt phân công: 11");
    expect(opened.checklist).toContain("Giám khảo chưa được phân công tác phẩm nào: 0");
    expect(opened.done).toContain("Đã gửi thư cho 3 giám khảo");
    // Each judge is told how many entries wait: 4, 4 and 3 (the conflict).
    for (const [k, j] of JUDGES.entries()) {
      const m = await waitForMail(j.email, /^Vòng sơ khảo đã mở:/);
      expect(m.text).toContain(`Ông/bà được phân công chấm ${k === 2 ? 3 : 4} tác phẩm trong vòng này.`);
    }
  });

  const round1: Record<string, number[]>[] = [
    { [codes.series!]: [9, 8], [codes.group!]: [9, 9], [codes.posted!]: [6, 6], [codes.audio!]: [8, 8] },
    { [codes.series!]: [8, 8], [codes.group!]: [8, 7], [codes.posted!]: [7, 5], [codes.audio!]: [8, 8] },
    { [codes.group!]: [8, 9], [codes.posted!]: [6, 7], [codes.audio!]: [8, 8] },
  ];
  await step("judges score round 1 blind", async () => {
    for (const [k, judge] of judges.entries()) {
      expect(await judge.codesIn("Vòng sơ khảo")).toEqual(Object.keys(round1[k]!).sort());
      await judge.score("Vòng sơ khảo", round1[k]!);
      const n = Object.keys(round1[k]!).length;
      await expect((await judge.home()).getByText(`Đã nộp ${n}/${n} · bản nháp 0`).first()).toBeVisible();
    }
  });

  await step("round 1 closes; round 2 opens with the advanced entries", async () => {
    const plan = await org.closeRound(1);
    expect(plan).toContain("3/4 tác phẩm được vào vòng sau");
    for (const code of [codes.series!, codes.group!, codes.audio!]) expect(plan).toContain(code);
    expect(plan).not.toContain(codes.posted!);
    const result = await org.generateAssignments("Vòng chung khảo");
    await expect(result).toContainText("Đã loại 1 trường hợp xung đột lợi ích");
    const page = await org.roundPage(2);
    await expect(page.getByText("Đang mở").first()).toBeVisible();
    for (const [k, judge] of judges.entries()) {
      const expected = k === 2 ? [codes.group!, codes.audio!] : [codes.series!, codes.group!, codes.audio!];
      expect(await judge.codesIn("Vòng chung khảo")).toEqual(expected.sort());
      // Judges hear of the final round once they have entries in it.
      const m = await waitForMail(JUDGES[k]!.email, /^Vòng chung khảo đã mở:/);
      expect(m.text).toContain(`Ông/bà được phân công chấm ${expected.length} tác phẩm trong vòng này.`);
    }
  });

  const round2: Record<string, number[]>[] = [
    { [codes.series!]: [9, 7], [codes.group!]: [8, 8], [codes.audio!]: [7, 7] },
    { [codes.series!]: [8, 6], [codes.group!]: [9, 5], [codes.audio!]: [7, 7] },
    { [codes.group!]: [8, 8], [codes.audio!]: [7, 7] },
  ];
  await step("judges score the final round blind", async () => {
    for (const [k, judge] of judges.entries()) await judge.score("Vòng chung khảo", round2[k]!);
    for (const judge of judges) await judge.expectBlind(SECRETS);
  });

  await step("the final round closes with a tie across the prize boundary, resolved with a reason", async () => {
    await org.closeRound(2);
    const page = await org.results();
    await expect(page.getByText("2 tác phẩm cùng 32 điểm")).toBeVisible();
    await expect(page.getByText("Chưa thể công bố: còn 1 trường hợp đồng điểm chưa xử lý.")).toBeVisible();
    await expect(page.getByText("Trao đủ mọi giải.")).toHaveCount(0);
    await page.getByText("Hoặc quyết định thủ công").click();
    await page.getByLabel(`Thứ tự của ${codes.group}`).fill("1");
    await page.getByLabel(`Thứ tự của ${codes.series}`).fill("2");
    await page
      .getByLabel("Lý do (bắt buộc, ghi vào biên bản)")
      .fill("Hội đồng biểu quyết 2/1 tại phiên họp ngày 20/11/2020");
    await page.getByRole("button", { name: "Ghi quyết định" }).click();
    await expect(page.getByText(/Đã xử lý \(Quyết định của BTC\): Hội đồng biểu quyết 2\/1/)).toBeVisible();
    await expectAccessible(page);
  });

  await step("payouts: the group entry's three lines add up to its prize exactly", async () => {
    const page = organizer.page;
    const ranking = page.getByRole("row", { name: new RegExp(`^1 ${codes.group}`) }).first();
    await expect(ranking).toContainText("Giải A");
    await expect(ranking).toContainText("20.000.000 ₫");
    await expect(page.getByRole("row", { name: new RegExp(`^2 ${codes.series}`) }).first()).toContainText("Giải B");
    await expect(page.getByText("Giải không trao: 2 × Giải Khuyến khích")).toBeVisible();
    const printResults = page.getByRole("region", { name: "Báo in" });
    const payouts = printResults.locator("details", {
      has: page.locator("summary", { hasText: "Chi trả theo tác giả" }),
    });
    await payouts.locator("summary").click();
    const groupRows = payouts.getByRole("row").filter({ hasText: codes.group! });
    await expect(groupRows).toHaveCount(3);
    const lines = [
      [`${J2.fullName} (${J2.penName})`, "33,34 %", "6.668.000 ₫"],
      [`${CO_AUTHORS[0]!.fullName} (${CO_AUTHORS[0]!.penName})`, "33,33 %", "6.666.000 ₫"],
      [`${CO_AUTHORS[1]!.fullName} (${CO_AUTHORS[1]!.penName})`, "33,33 %", "6.666.000 ₫"],
    ];
    for (const [i, line] of lines.entries())
      for (const cell of line) await expect(groupRows.nth(i)).toContainText(cell);
    const amounts = await groupRows.locator("td:last-child").allTextContents();
    expect(amounts.reduce((sum, a) => sum + Number(a.replace(/\D/g, "")), 0)).toBe(20_000_000);
    await axeOnce(page);
    await expect(page.getByText("Tổng tiền thưởng toàn giải: 45.000.000 ₫")).toBeVisible();
    const xlsx = await page.request.get(`/organizer/${slug}/results/export/payouts`);
    expect(xlsx.status()).toBe(200);
  });

  await step("publish; the public page, the JSON API and the mails show the results", async () => {
    expect((await request.get(`/api/contests/${slug}/results`)).status()).toBe(404);
    const page = organizer.page;
    await page.getByLabel("Tôi đã kiểm tra kết quả và muốn công bố").check();
    await page.getByRole("button", { name: "Công bố kết quả" }).click();
    await expect(page.getByText("Kết quả đã được công bố.")).toBeVisible();

    const visitor = await person("", "");
    const pub = await visitor.visit(`/contests/${slug}/results`);
    const print = pub.getByRole("table").first();
    await expect(print.getByRole("row", { name: /Giải A/ })).toContainText("Cánh đồng không dấu chân");
    await expect(print.getByRole("row", { name: /Giải A/ })).toContainText(`${J2.fullName} (${J2.penName})`);
    await expect(print.getByRole("row", { name: /Giải B/ })).toContainText("Dòng sông ký ức");
    await expect(
      pub
        .getByRole("table")
        .nth(1)
        .getByRole("row", { name: /Giải A/ }),
    ).toContainText("Tiếng chuông chùa Côn Sơn");
    await expect(pub.getByText(/2 × Giải Khuyến khích không trao/)).toBeVisible();
    await expect(pub.getByText("Tổng tiền thưởng toàn giải: 45.000.000 ₫")).toBeVisible();

    const api = await request.get(`/api/contests/${slug}/results`);
    expect(api.status()).toBe(200);
    const json = await api.json();
    const byCode = Object.fromEntries(json.categories.map((c: { code: string }) => [c.code, c]));
    expect(byCode.print.prizes.map((p: { tier: string; entry: { code: string } }) => [p.tier, p.entry.code])).toEqual([
      ["Giải A", codes.group],
      ["Giải B", codes.series],
    ]);
    expect(byCode.radio.prizes.map((p: { tier: string; entry: { code: string } }) => [p.tier, p.entry.code])).toEqual([
      ["Giải A", codes.audio],
    ]);
    expect(JSON.stringify(byCode.radio)).toContain("Giải Khuyến khích");
    expect(json.total).toBe(45_000_000);

    const winner = await waitForMail(mail("j2"), /^Công bố kết quả:/);
    expect(winner.text).toContain("Giải A");
    expect(winner.text).toContain("6.668.000");
    expect(winner.text).toContain("20.000.000");
    const coAuthor = await waitForMail(CO_AUTHORS[1]!.email!, /^Công bố kết quả:/);
    expect(coAuthor.text).toContain("6.666.000");
    expect(coAuthor.text).toContain("20.000.000");
    const notWinner = await waitForMail(POSTED.email, /^Công bố kết quả:/);
    expect(notWinner.text).toContain("không nằm trong danh sách đoạt giải");
  });

  for (const p of people) await p.close();
});

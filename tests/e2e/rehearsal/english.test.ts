/**
 * The rehearsal's shorter English variant: a journalist and a judge who use the site in English
 * walk their pages from registration to a submitted entry, and from the invitation to a
 * submitted score sheet. The organizer's side (set up through the Vietnamese UI, as in
 * full-contest.test.ts) only gets the contest there. No database writes, no server imports.
 */
import { validPdf } from "../support/pdf.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { waitForMail } from "../support/mail.ts";
import { AdminPages } from "../support/admin.page.ts";
import { setServerClock } from "./clock.ts";
import { JournalistPages } from "../support/journalist.page.ts";
import { JudgePages } from "../support/judge.page.ts";
import { OrganizerPages } from "../support/organizer.page.ts";
import { axeOnce, Person } from "../support/people.ts";

const DEMO_PASSWORD = "GiaiBaoChi@2021";
const uid = Date.now().toString(36);
const slug = `rehearsal-en-${uid}`;
const contestName = `Giải Báo chí tiếng Anh ${uid}`;
const contestNameEn = `English rehearsal award ${uid}`;
const mail = (who: string) => `${who}-en-${uid}@example.test`;
const ME = { fullName: "Quach Thi Linh", penName: "Linh Quach", agency: "Viet News Weekly", phone: "0912 000 111" };
const JUDGE = { name: "Judge Tran Van Nam", agency: "Press Club", email: mail("judge") };

test.afterAll(async ({ request }) => {
  await setServerClock(request, null);
});

test("a journalist and a judge use their pages in English", async ({ browser, request }) => {
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-rehearsal-en-"));
  const pdf = path.join(dir, "Quach-Thi-Linh-story.pdf");
  fs.writeFileSync(pdf, validPdf());
  const admin = await Person.open(browser, "quantri@giaibaochi.test", DEMO_PASSWORD);
  await admin.login("JBSWY3DPEHPK3PXPGIAIBAOCHIDEMO22"); // the demo admin's secret, published in the README
  await setServerClock(request, "2020-10-20T09:00:00+07:00");
  const a = new AdminPages(admin);
  await a.createContest({
    slug,
    name: contestName,
    nameEn: contestNameEn,
    organizerName: "Sở Thông tin và Truyền thông",
    start: "2020-01-01",
    end: "2020-09-30",
    deadline: "2020-10-25",
  });
  await a.grantOrganizer(contestName, "bantochuc@giaibaochi.test");
  await admin.close();

  const organizer = await Person.open(browser, "bantochuc@giaibaochi.test", DEMO_PASSWORD);
  await organizer.login();
  const org = new OrganizerPages(organizer, slug);
  await org.addCategory({
    code: "print",
    prefix: "BI",
    name: "Báo in",
    nameEn: "Print",
    pdfMb: 10,
    tiers: [{ name: "Giải A", nameEn: "First prize", count: 1, amount: 10_000_000 }],
  });
  await org.addRound({
    name: "Vòng chung khảo",
    nameEn: "Final round",
    source: "ALL_ELIGIBLE",
    minJudges: 1,
    advancement: "NONE",
    isFinal: true,
    criteria: [
      { name: "Nội dung", nameEn: "Content", max: 10, weight: 2 },
      { name: "Hình thức", nameEn: "Form", max: 10, weight: 1 },
    ],
  });
  await org.changePhase("Mở nhận tác phẩm", "Đang nhận tác phẩm");

  // The journalist, in English from the first page on.
  const me = await Person.open(browser, mail("journalist"), "Rehearsal-EN-2020");
  await me.useEnglish();
  const j = new JournalistPages(me, ME);
  await j.signUp();
  await j.draft({
    contestName: contestNameEn,
    category: "Print",
    title: "Salt fields at dawn",
    outlet: "Coastal Weekly",
    summary: "A report on salt farmers.",
    parts: [{ title: "Full text", publishedOn: "2020-05-04", file: pdf }],
  });
  const code = await j.submit();
  expect(code).toBe("BI-001");
  await expect(me.page.getByText(`Entry submitted. Entry code: ${code}.`)).toBeVisible();
  const receipt = await waitForMail(me.email, new RegExp(`^Receipt for entry ${code}$`));
  expect(receipt.text).toContain("Salt fields at dawn");
  const list = await me.visit("/me/entries");
  await expect(list.getByRole("heading", { level: 1 })).toHaveText("My entries");
  await expect(list.getByRole("row", { name: new RegExp(code) })).toContainText("Submitted");
  await axeOnce(list);

  // After the deadline the organizer closes entries, accepts the entry and invites the judge.
  await setServerClock(request, "2020-10-26T09:00:00+07:00");
  await org.changePhase("Đóng nhận tác phẩm", "Đã hết hạn nhận");
  await org.markEligible([code]);
  await org.inviteJudge(JUDGE);

  const judgePerson = await Person.open(browser, JUDGE.email, "Judge-EN-2020");
  await judgePerson.useEnglish();
  const judge = new JudgePages(judgePerson);
  await judge.acceptInvitation(JUDGE.name);

  await org.generateAssignments("Vòng chung khảo");
  await org.changePhase("Bắt đầu chấm", "Đang chấm");
  await org.openRound(1);
  await waitForMail(JUDGE.email, /đã mở|is open/);

  const home = await judge.home();
  await expect(home.getByText("Submitted 0/1 · drafts 0")).toBeVisible();
  await expect(home.getByRole("heading", { name: /^Final round/ })).toBeVisible();
  await judge.score("Final round", { [code]: [8, 7] });
  await expect(judgePerson.page.getByText("This score sheet is submitted and locked.")).toBeVisible();
  await expect((await judge.home()).getByText("Submitted 1/1 · drafts 0")).toBeVisible();
  await judge.expectBlind([ME.fullName, ME.penName, ME.agency, me.email, "Quach-Thi-Linh"]);

  for (const p of [organizer, me, judgePerson]) await p.close();
});

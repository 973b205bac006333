/**
 * An organizer sets up a contest from nothing, through the pages only: the admin creates it and
 * names the organizer, who writes the rules, categories and a round, opens it, registers paper
 * entries, decides eligibility, invites a judge and generates the first assignments.
 */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "#prisma/seed-data.ts";
import { AdminPages } from "../support/admin.page.ts";
import { expectAccessible } from "../support/axe.ts";
import { logout } from "../support/auth.ts";
import { translator } from "../support/i18n.ts";
import { waitForMail } from "../support/mail.ts";
import { OrganizerPages } from "../support/organizer.page.ts";
import { Person, linkIn } from "../support/people.ts";

const t = translator("vi");
const uid = Date.now().toString(36);
const slug = `giai-e2e-${uid}`;
const authorEmail = `tacgia-${uid}@example.test`;
const judgeEmail = `giamkhao-${uid}@example.test`;
// Unique: other journeys create contests with similar names in the same database.
const contestName = `Giải Báo chí thử nghiệm ${uid}`;
const print = { code: "print", prefix: "BI", name: "Báo in", nameEn: "Print" };
const roundName = "Vòng sơ khảo";
const judgeName = "Giám khảo Phạm Văn E";

/** A catalogue sentence whatever the values of `names`: each of them matches any text. */
function sentence(key: string, names: string[]): RegExp {
  const text = t(key, Object.fromEntries(names.map((n) => [n, "@@any@@"])));
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll("@@any@@", ".+"));
}

test("an organizer sets up a contest from scratch and runs it up to the first assignments", async ({ browser }) => {
  test.setTimeout(180_000);
  // The admin creates the contest and makes the demo organizer its organizer. Its deadline is a
  // year before the demo's, so the home page keeps showing the demo contest to later tests.
  const admin = await Person.open(browser, DEMO_USERS.admin, DEMO_PASSWORD);
  await admin.login();
  const adminPages = new AdminPages(admin);
  await adminPages.createContest({
    slug,
    name: contestName,
    nameEn: `Test press award ${uid}`,
    organizerName: "Sở Thông tin và Truyền thông",
    start: "2020-01-01",
    end: "2020-10-31",
    deadline: "2020-11-10",
  });
  await adminPages.grantOrganizer(contestName, DEMO_USERS.organizer);
  await logout(admin.page);
  await admin.close();

  // The organizer writes the rules, two categories and a round with a two-criterion rubric.
  const organizer = await Person.open(browser, DEMO_USERS.organizer, DEMO_PASSWORD);
  await organizer.login();
  const org = new OrganizerPages(organizer, slug);
  await org.setRules({
    theme: "Đổi mới và phát triển",
    contactEmail: "bantochuc@example.test",
    start: "2020-01-01",
    end: "2020-10-31",
    deadline: "2020-11-10",
    maxParts: 5,
    maxAuthors: 5,
  });
  await org.addCategory({ ...print, pdfMb: 100, tiers: [] });
  await org.addCategory({ code: "online", prefix: "DT", name: "Báo điện tử", nameEn: "Online", pdfMb: 100, tiers: [] });
  await org.addRound({
    name: roundName,
    nameEn: "Preliminary round",
    judgesPerEntry: 1,
    isFinal: false,
    criteria: [
      { name: "Nội dung, tư tưởng", nameEn: "Content", max: 60, weight: 1 },
      { name: "Hình thức thể hiện", nameEn: "Form", max: 40, weight: 1 },
    ],
  });

  await org.changePhase(t("organizer:dashboard.to.OPEN"), t("organizer:phase.OPEN"));

  // Two paper entries postmarked on the deadline day and registered days later.
  const paper = { category: print.name, outlet: "Báo Nông thôn", postmark: "10/11/2020", received: "15/11/2020" };
  const first = await org.registerMailed({
    ...paper,
    title: "Phóng sự gửi bưu điện",
    email: authorEmail,
    fullName: "Trần Thị Tác Giả",
    agency: "Báo Nông thôn",
    parts: "15/03/2020",
  });
  const second = await org.registerMailed({
    ...paper,
    title: "Ký sự làng nghề",
    email: `khac-${uid}@example.test`,
    fullName: "Lê Văn Khác",
    agency: "Báo Hải Dương",
    parts: "15/03/2020",
  });
  expect([first, second]).toEqual(["BI-001", "BI-002"]);

  // A paper series whose second part was published after the window is refused like an online one.
  const page = organizer.page;
  await page.getByLabel(t("organizer:mailed.entryTitle")).fill("Loạt bài đăng muộn");
  await page.getByLabel(t("organizer:entry.postmark")).fill("10/11/2020");
  await page.getByLabel(t("organizer:entry.received")).fill("15/11/2020");
  await page.getByLabel(t("organizer:mailed.email")).fill(`muon-${uid}@example.test`);
  await page.getByLabel(t("organizer:entry.fullName")).fill("Phạm Đăng Muộn");
  await page.getByLabel(t("organizer:mailed.parts")).fill("15/03/2020\n05/11/2020");
  await page.getByRole("button", { name: t("organizer:mailed.register") }).click();
  await expect(
    page.getByText(t("entry:rule.window", { part: 2, date: "05/11/2020", start: "01/01/2020", end: "31/10/2020" })),
  ).toBeVisible();
  await expectAccessible(page);

  // The first is ineligible (its author is mailed), the second eligible (bulk action).
  await org.markEligible([second]);
  await org.markIneligible(first, "Tác phẩm đã đoạt giải khác.");
  // Mail subjects are not in the catalogues on this branch (the mail templates hold their words).
  const decision = await waitForMail(authorEmail, /BI-001 không đủ điều kiện dự thi/);
  expect(decision.text).toContain("Tác phẩm đã đoạt giải khác.");

  // A judge from the same agency as the second entry's author is invited and sets a password.
  await org.inviteJudge({ email: judgeEmail, name: judgeName, agency: "BÁO HẢI DƯƠNG" });
  const invitation = await waitForMail(judgeEmail, /Mời tham gia Hội đồng giám khảo/);
  const judge = await Person.open(browser, judgeEmail, "GiamKhao-E2E-2021");
  const judgePage = await judge.visit(linkIn(invitation.text, /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/));
  await expectAccessible(judgePage);
  await judgePage.getByLabel(t("organizer:invite.password")).fill(judge.password);
  await judgePage.getByLabel(t("organizer:invite.confirm")).fill(judge.password);
  await judgePage.getByRole("button", { name: t("organizer:invite.accept") }).click();
  await expect(judgePage).toHaveURL(/\/account$/);
  await expect(judgePage.getByText(judgeEmail)).toBeVisible();
  await judge.close();

  // Assignments: the judge is never given the entry from their own agency, and the page says why.
  const result = await org.generateAssignments(roundName);
  await expect(result).toContainText(t("organizer:assignments.conflictsFound", { n: 1 }).replace(/:$/, ""));
  await expect(result).toContainText(
    t("organizer:assignments.conflict.same_agency", { judge: judgeName, code: second, detail: "Báo Hải Dương" }),
  );
  await expect(result).toContainText(t("organizer:assignments.shortfalls", { list: `${second} (0/1)` }));

  // The audit log tells what happened in sentences with names; the stored codes only behind details.
  await organizer.visit(`/organizer/${slug}/audit`);
  const log = page.getByRole("table");
  await expect(log).toContainText(
    sentence("organizer:audit.event.assignments_generate", ["actor", "category", "round", "count", "removed"]),
  );
  await expect(log).toContainText(
    sentence("organizer:audit.event.judge_invite", ["actor", "user", "categories", "rounds"]),
  );
  await expect(log.getByText("assignments.generate").first()).toBeHidden();
  await expectAccessible(page);
  await organizer.close();
});

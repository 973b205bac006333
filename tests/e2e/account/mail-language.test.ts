import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { waitForMail } from "../support/mail.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

test("switching language while signed in also switches the language of the person's mails, as the profile shows", async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest (old deadline, so the header keeps the demo) with one submitted
  // entry by a journalist registered in Vietnamese, and its organizer.
  const contest = await makeContest(e2eDb(), {
    slug: `ngon-ngu-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const journalist = await makeUser(e2eDb(), { email: `ngonngu-${suffix}@example.test`, name: "Phóng Viên Ngôn Ngữ" });
  const organizer = await makeUser(e2eDb(), {
    email: `btc-ngonngu-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const entry = await makeEntry(e2eDb(), {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    code: "BI-001",
    parts: [{ publishedOn: "2019-03-01" }],
  });
  try {
    await login(page, journalist.email, TEST_PASSWORD);
    await page.goto("/account/profile");
    await expect(page.getByText("Thư của nền tảng gửi cho bạn bằng: Tiếng Việt.")).toBeVisible();
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByText("The platform writes to you in: English.")).toBeVisible();
    await expectAccessible(page);

    // The organizer's decision is mailed in the language the journalist chose last.
    const ctx = await browser.newContext();
    const org = await ctx.newPage();
    await login(org, organizer.email, TEST_PASSWORD);
    await org.goto(`/organizer/${contest.slug}/entries/${entry.id}`);
    await org.getByRole("button", { name: "Đủ điều kiện", exact: true }).click();
    await expect(org.getByRole("status")).toBeVisible();
    await ctx.close();
    const mail = await waitForMail(journalist.email, /^Entry BI-001 is eligible$/);
    expect(mail.text).toContain("Dear Phóng Viên Ngôn Ngữ");

    await page.getByRole("button", { name: /Tiếng Việt/ }).click();
    await expect(page.getByText("Thư của nền tảng gửi cho bạn bằng: Tiếng Việt.")).toBeVisible();
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

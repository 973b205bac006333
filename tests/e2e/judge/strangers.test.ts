import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eJudgingScenario } from "../support/db.ts";
import { openRoundAsOrganizer } from "../support/organizer.page.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "#prisma/seed-data.ts";
import { TEST_PASSWORD } from "#tests/support/kit.ts";

test("refuses judging and results pages to people without the role or the assignment", async ({ page, browser }) => {
  const f = await e2eJudgingScenario();
  await openRoundAsOrganizer(browser, f);
  const entryPage = `/judge/rounds/${f.round.id}/entries/${f.entries[0]!.id}`;
  const organizerPages = [
    `/organizer/${f.contest.slug}/results`,
    `/organizer/${f.contest.slug}/rounds/1`,
    `/organizer/${f.contest.slug}/results/export/payouts`,
  ];

  // Signed out: sent to the login page.
  const anon = await page.request.get(entryPage, { maxRedirects: 0 });
  expect(anon.status()).toBe(302);
  expect(anon.headers().location).toContain("/login?redirectTo=");

  // A journalist: no judging, no organizing.
  await login(page, DEMO_USERS.journalists[0]!, DEMO_PASSWORD);
  for (const url of ["/judge", entryPage, `/judge/files/${f.file.id}`, ...organizerPages]) {
    expect((await page.request.get(url)).status(), url).toBe(403);
  }

  // A judge of another contest (the demo) is not a judge of this one.
  const demoJudge = await browser.newPage();
  await login(demoJudge, DEMO_USERS.judges[0]!, DEMO_PASSWORD);
  expect((await demoJudge.request.get(entryPage)).status()).toBe(403);
  await demoJudge.close();

  // A judge of this contest who recused from the entry: it is gone from their list and their reach.
  const judge = await browser.newPage();
  await login(judge, f.judges[1]!.email, TEST_PASSWORD);
  await judge.goto(entryPage);
  await judge.getByText("Xung đột lợi ích hoặc từ chối chấm").click();
  await judge.getByLabel("Từ chối chấm").check();
  await judge.getByLabel("Lý do").fill("Tôi từng biên tập tác phẩm này");
  await judge.getByRole("button", { name: "Gửi khai báo" }).click();
  await expect(judge).toHaveURL(/\/judge$/);
  await expect(judge.getByText("Đã nộp 0/2")).toBeVisible();
  expect((await judge.request.get(entryPage)).status()).toBe(404);
  expect((await judge.request.get(`/judge/files/${f.file.id}`)).status()).toBe(404);
  // …and judges never reach organizer pages.
  expect((await judge.request.get(organizerPages[0]!)).status()).toBe(403);
  await judge.close();

  // The organizer sees the declaration on the round page.
  const ctx = await browser.newContext(); // axe needs a page of its own context
  const organizer = await ctx.newPage();
  await login(organizer, f.organizer.email, TEST_PASSWORD);
  await organizer.goto(`/organizer/${f.contest.slug}/rounds/1`);
  const row = organizer.getByRole("row", { name: /Tôi từng biên tập tác phẩm này/ });
  await expect(row).toContainText("Từ chối chấm");
  await expect(row).toContainText("BI-001");
  await expectAccessible(organizer);
  await ctx.close();
});

import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { e2eDb } from "../support/db.ts";
import { hideContest, openContestFixture } from "../support/journey.page.ts";
import { makeContest, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { addDays, toIsoDate } from "#app/domain/dates.ts";

test("an open contest's page leads visitors to sign in and submit, and says the results are not out yet", async ({
  page,
}) => {
  const contest = await openContestFixture(`Giải mở nhận ${Date.now().toString(36)}`);
  // Fixture: a verified journalist account (registration has its own test).
  const journalist = await makeUser(e2eDb(), {
    email: `nopbai-${Date.now().toString(36)}@example.test`,
    name: "Phóng Viên Nộp Bài",
  });
  try {
    await page.goto(`/contests/${contest.slug}`);
    const rules = page.getByRole("article");
    await expect(rules.getByRole("link", { name: "Nộp tác phẩm", exact: true })).toHaveCount(0);
    await expect(rules.getByRole("link", { name: "Chưa có tài khoản? Đăng ký" })).toBeVisible();
    await expectAccessible(page);
    await rules.getByRole("link", { name: "Đăng nhập để nộp" }).click();
    await page.getByLabel("Email").fill(journalist.email);
    await page.getByLabel("Mật khẩu").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    // Signing in from the contest page goes straight to the new entry form.
    await expect(page).toHaveURL(new RegExp(`/contests/${contest.slug}/enter$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tác phẩm dự thi mới");

    await page.goto(`/contests/${contest.slug}`);
    await page.getByRole("article").getByRole("link", { name: "Nộp tác phẩm", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/contests/${contest.slug}/enter$`));

    // Before publication the results address explains where the contest stands, in the page.
    const res = await page.goto(`/contests/${contest.slug}/results`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Kết quả chưa được công bố" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Giải đang nhận tác phẩm đến hết ngày");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(contest.name);
    await expectAccessible(page);

    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByRole("heading", { name: "The results have not been published yet" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("The contest accepts entries until the end of");
    await page.getByRole("link", { name: "See the contest rules" }).click();
    await expect(page.getByRole("article").getByRole("link", { name: "Submit an entry" })).toBeVisible();
    await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  } finally {
    await hideContest(contest.id);
  }
});

test("published results are linked from the home page, the header and the contest page", async ({ page }) => {
  // Fixture: a contest already published (publishing itself is the judging e2e test's job). Its
  // deadline is the newest, so it is the contest the header names until it is hidden again.
  const today = toIsoDate(new Date());
  const contest = await makeContest(e2eDb(), {
    slug: `cong-bo-${Date.now().toString(36)}`,
    phase: "PUBLISHED",
    categories: ["print"],
    publicationStart: addDays(today, -400),
    publicationEnd: addDays(today, -100),
    deadline: addDays(today, 400),
  });
  await e2eDb().contest.update({
    where: { id: contest.id },
    data: { nameVi: "Giải đã công bố thử", nameEn: "Published test award" },
  });
  try {
    await page.goto("/");
    const item = page.getByRole("listitem").filter({ hasText: "Giải đã công bố thử" });
    await item.getByRole("link", { name: "Xem kết quả" }).click();
    await expect(page).toHaveURL(new RegExp(`/contests/${contest.slug}/results$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả Giải đã công bố thử");
    await expect(page.getByText("Kết quả chưa được công bố")).toHaveCount(0);

    await page.goto(`/contests/${contest.slug}`);
    await page.getByRole("banner").getByRole("link", { name: "Kết quả", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/contests/${contest.slug}/results$`));

    await page.goto(`/contests/${contest.slug}`);
    await expect(page.getByRole("article").getByRole("link", { name: "Nộp tác phẩm", exact: true })).toHaveCount(0);
    await page.getByRole("article").getByRole("link", { name: "Xem kết quả" }).click();
    await expect(page).toHaveURL(new RegExp(`/contests/${contest.slug}/results$`));
    await expectAccessible(page);

    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results: Published test award");
    await expect(page.getByRole("banner").getByRole("link", { name: "Results", exact: true })).toBeVisible();
    await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  } finally {
    await hideContest(contest.id);
  }
});

test("a contest that does not exist still answers 404 on its results address", async ({ page }) => {
  const res = await page.goto("/contests/khong-ton-tai/results");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy");
});

import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { hideContest, openContestFixture } from "../support/journey.page.ts";
import { makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";

/** Collects what a developer would see in the browser console: page errors and console errors. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    // The browser logs the document's own 403/404 status; that is the page doing its job.
    if (
      m.type() === "error" &&
      !/^Failed to load resource: the server responded with a status of 40[34]/.test(m.text())
    ) {
      errors.push(`${page.url()}: ${m.text()}`);
    }
  });
  return errors;
}

test("the 404 and 403 pages follow the chosen language", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  const missing = await page.goto("/khong-co-trang-nay");
  expect(missing?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByRole("alert")).toContainText("We could not find the page you asked for.");
  await expect(page).toHaveTitle("Page not found · Press Award");
  await expectAccessible(page);

  // Fixture: a verified journalist account (registration has its own test).
  const journalist = await makeUser(e2eDb(), { email: `loi403-${Date.now().toString(36)}@example.test` });
  await login(page, journalist.email, TEST_PASSWORD);
  const denied = await page.goto("/organizer/hai-duong-2021");
  expect(denied?.status()).toBe(403);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access denied");
  await expect(page.getByRole("alert")).toContainText("You are not allowed to see this page.");
  await expectAccessible(page);

  await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
  await page.goto("/khong-co-trang-nay");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
});

test("no page logs a hydration or other error in the browser console, in either language", async ({ page }) => {
  test.setTimeout(120_000);
  const contest = await openContestFixture(`Giải kiểm tra console ${Date.now().toString(36)}`);
  const journalist = await makeUser(e2eDb(), {
    email: `console-${Date.now().toString(36)}@example.test`,
    name: "Phóng Viên Console",
  });
  // Fixture: entries in each state the entry page shows (the journalist journey test writes them through the UI).
  const entries = [];
  for (const status of ["DRAFT", "SUBMITTED", "WITHDRAWN"] as const) {
    entries.push(
      await makeEntry(e2eDb(), {
        contestId: contest.id,
        categoryId: contest.category("print").id,
        submitterId: journalist.id,
        status,
        code: status === "DRAFT" ? null : undefined,
        parts: [{ publishedOn: contest.partDates[0]! }],
        authors: [{ fullName: journalist.name, email: journalist.email, shareBp: 10_000, userId: journalist.id }],
      }),
    );
  }
  const errors = consoleErrors(page);
  const visit = async (path: string) => {
    await page.goto(path);
    // Hydration errors surface once React has taken over the server's HTML.
    await page.waitForLoadState("networkidle");
  };
  try {
    const publicPages = [
      "/",
      `/contests/${contest.slug}`,
      `/contests/${contest.slug}/results`,
      "/contests/hai-duong-2021/results",
      "/khong-co-trang-nay",
      "/login",
      "/register",
      "/forgot-password",
    ];
    const ownPages = [
      "/account",
      "/account/profile",
      "/account/security",
      "/me/entries",
      ...entries.map((e) => `/me/entries/${e.id}`),
      `/contests/${contest.slug}/enter`,
      "/organizer/hai-duong-2021",
      "/judge",
      "/me/entries/khong-co",
    ];
    for (const locale of ["vi", "en"] as const) {
      await page.context().clearCookies();
      await page.goto("/");
      if (locale === "en") await page.getByRole("button", { name: /English/ }).click();
      for (const p of publicPages) await visit(p);
      await login(page, journalist.email, TEST_PASSWORD);
      for (const p of ownPages) await visit(p);
    }
    expect(errors).toEqual([]);
  } finally {
    await hideContest(contest.id);
  }
});

import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "#prisma/seed-data.ts";

test("signs a journalist in and out, and refuses a wrong password in Vietnamese", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);
  await page.getByLabel("Email").fill(DEMO_USERS.journalists[0]!);
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Email hoặc mật khẩu không đúng.");

  await login(page, DEMO_USERS.journalists[0]!, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByRole("link", { name: "Tác phẩm dự thi của tôi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ban tổ chức" })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  // Signed out means back on the home page with the header's own sign-in link (the sign-out
  // post must be answered before the next page is asked for).
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
});

test("brings a signed-out visitor back to the page they asked for", async ({ page }) => {
  await page.goto("/account");
  await page.getByLabel("Email").fill(DEMO_USERS.organizer);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("link", { name: "Ban tổ chức" })).toBeVisible();
});

import { expect, test } from "@playwright/test";
import { generate } from "otplib";
import { makeUser } from "#tests/support/kit.ts";
import { login } from "../support/auth.ts";
import { expectAccessible } from "../support/axe.ts";
import { e2eDb } from "../support/db.ts";

test("a journalist turns on two-step verification with the QR page, then signs in with a code and with a recovery code", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Fixture: an ordinary verified account (registration has its own test).
  const user = await makeUser(e2eDb(), { email: `hai-buoc-${Date.now()}@example.test` });
  await login(page, user.email, user.password);
  await page.getByRole("link", { name: "Xác thực hai bước" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác thực hai bước");
  await expect(page.getByText("Xác thực hai bước đang tắt.")).toBeVisible();
  await expect(page.getByRole("img", { name: /Mã QR/ })).toBeVisible();
  await expectAccessible(page);

  // The person reads the key shown under the QR code into their app; the test computes the code.
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Mã xác thực (6 chữ số)").fill("000000");
  await page.getByRole("button", { name: "Bật xác thực hai bước" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã không đúng");
  await page.getByLabel("Mã xác thực (6 chữ số)").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Bật xác thực hai bước" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã bật xác thực hai bước.");
  const codes = await page.getByRole("list", { name: "Mã khôi phục" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await expect(page.getByText("Xác thực hai bước đang bật. Còn 10 mã khôi phục chưa dùng.")).toBeVisible();
  await expectAccessible(page);

  // Sign out; the password alone now leads to the code step.
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  // Signed out before the next page load: a goto right after the click can cut the sign-out off.
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toHaveCount(0);
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill(user.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác thực hai bước");
  await expectAccessible(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);

  // A recovery code gets in once, and the page says how many are left.
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill(user.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByLabel("Mã xác thực hoặc mã khôi phục").fill(codes[0]!);
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("status")).toContainText("còn 9 mã");
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  // Signed out before the next page load: a goto right after the click can cut the sign-out off.
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toHaveCount(0);

  // And with the app's current code.
  await login(page, user.email, user.password, secret);
  await expect(page).toHaveURL(/\/account$/);
});

test("the demo admin signs in with the code step and sees the reset form", async ({ page }) => {
  const { DEMO_USERS, DEMO_PASSWORD } = await import("#prisma/seed-data.ts");
  await login(page, DEMO_USERS.admin, DEMO_PASSWORD);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Đặt lại xác thực hai bước" })).toBeVisible();
  await expectAccessible(page);
});

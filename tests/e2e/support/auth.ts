import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { DEMO_TOTP_SECRET, DEMO_USERS } from "#prisma/seed-data.ts";

/** TOTP secrets of the accounts e2e tests sign in with (the demo admin is enrolled). */
const TOTP_SECRETS: Record<string, string> = { [DEMO_USERS.admin]: DEMO_TOTP_SECRET };

/** Types the current code of `secret` into the two-step page, as a person reading their app would. */
export async function enterTotpCode(page: Page, secret: string): Promise<void> {
  const field = page.getByLabel(/^(Mã xác thực hoặc mã khôi phục|Authentication code or recovery code)$/);
  await field.fill(await generate({ secret }));
  await page.getByRole("button", { name: /^(Xác nhận|Verify)$/ }).click();
}

/** Signs in through the login form, as a person would (with the code step for enrolled accounts). */
export async function login(page: Page, email: string, password: string, totpSecret = TOTP_SECRETS[email]): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(/^(Email|E-mail)$/).fill(email);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(Đăng nhập|Sign in)$/ }).click();
  if (totpSecret) {
    await page.waitForURL(/\/login\/two-factor/);
    await enterTotpCode(page, totpSecret);
    // A code is accepted once: a second sign-in within the same 30 s gets "already used", so
    // wait for the app's next code, as a person would.
    const outcome = await Promise.race([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15_000 }).then(() => "in"),
      page.getByRole("alert").waitFor({ timeout: 15_000 }).then(() => "refused"),
    ]);
    if (outcome === "refused") {
      await page.waitForTimeout(31_000 - (Date.now() % 30_000));
      await enterTotpCode(page, totpSecret);
    }
  }
  await expect(page.getByRole("button", { name: /^(Đăng xuất|Sign out)$/ })).toBeVisible();
}

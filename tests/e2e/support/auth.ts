import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { DEMO_TOTP_SECRET, DEMO_USERS } from "#prisma/seed-data.ts";
import { either } from "./i18n.ts";

/** TOTP secrets of the accounts e2e tests sign in with (the demo admin is enrolled). */
const TOTP_SECRETS: Record<string, string> = { [DEMO_USERS.admin]: DEMO_TOTP_SECRET };

/** Types the current code of `secret` into the two-step page, as a person reading their app would. */
export async function enterTotpCode(page: Page, secret: string): Promise<void> {
  const field = page.getByLabel(either("security:codeLabel"));
  await field.fill(await generate({ secret }));
  await page.getByRole("button", { name: either("security:submitCode") }).click();
}

/**
 * The one sign-in of the e2e tests: through the login form in either language, as a person
 * would, with the code step for enrolled accounts (Person.login of the page objects uses it).
 */
export async function login(
  page: Page,
  email: string,
  password: string,
  totpSecret = TOTP_SECRETS[email],
): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(either("auth:email")).fill(email);
  await page.getByLabel(either("auth:password")).fill(password);
  await page.getByRole("button", { name: either("auth:login") }).click();
  if (totpSecret) {
    await page.waitForURL(/\/login\/two-factor/);
    await enterTotpCode(page, totpSecret);
    // A code is accepted once: a second sign-in within the same 30 s gets "already used", so
    // wait for the app's next code, as a person would.
    const outcome = await Promise.race([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15_000 }).then(() => "in"),
      page
        .getByRole("alert")
        .waitFor({ timeout: 15_000 })
        .then(() => "refused"),
    ]);
    if (outcome === "refused") {
      await page.waitForTimeout(31_000 - (Date.now() % 30_000));
      await enterTotpCode(page, totpSecret);
    }
  }
  await expect(page.getByRole("button", { name: either("auth:logout") })).toBeVisible();
}

/** Signs out with the header's button (either language) and waits for the signed-out header. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: either("auth:logout") }).click();
  await expect(page.getByRole("link", { name: either("auth:login") }).first()).toBeVisible();
}

import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eJudgingScenario } from "../support/db.ts";
import { openRoundAsOrganizer } from "../support/organizer.page.ts";
import { TEST_PASSWORD } from "#tests/support/kit.ts";

const field = (page: Page, n: number) => page.getByRole("textbox", { name: new RegExp(`^${n}\\. `) });
const errorOf = (page: Page, n: number) =>
  page
    .locator(".field")
    .filter({ has: field(page, n) })
    .locator(".field-error");

test("the score sheet explains each bad value as the judge types, totals only valid values and forgets fixed errors", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const f = await e2eJudgingScenario();
  // Judges see nothing of a round until its organizer opens it.
  await openRoundAsOrganizer(browser, f);
  await login(page, f.judges[0]!.email, TEST_PASSWORD);
  await page.goto("/judge");
  await page.getByRole("link", { name: "Dòng sông quê hương" }).click();
  const total = page.locator(".score-form .total");

  // Inline, per criterion, without pressing a button.
  await field(page, 1).fill("abc");
  await expect(errorOf(page, 1)).toHaveText("Điểm phải là số (ví dụ 8,5).");
  await expect(field(page, 1)).toHaveAttribute("aria-invalid", "true");
  await field(page, 1).fill("41");
  await expect(errorOf(page, 1)).toHaveText("Điểm vượt quá mức tối đa của tiêu chí.");
  await field(page, 2).fill("12.3");
  await expect(errorOf(page, 2)).toHaveText("Điểm chấm theo bước 0,25.");
  await field(page, 3).fill("25");
  await expect(errorOf(page, 3)).toHaveCount(0);
  await expect(total).toHaveText("Tổng điểm: 25 (tạm tính; còn 2 tiêu chí chưa chấm hoặc chưa hợp lệ)");
  await expect(total).not.toContainText("NaN");
  await expectAccessible(page);

  // The server refuses the same sheet; fixing a field clears its error at once.
  await page.getByRole("button", { name: "Nộp điểm (khoá phiếu)" }).click();
  await expect(errorOf(page, 1)).toHaveText("Điểm vượt quá mức tối đa của tiêu chí.");
  await field(page, 1).fill("38");
  await expect(errorOf(page, 1)).toHaveCount(0);
  await expect(field(page, 1)).not.toHaveAttribute("aria-invalid", "true");
  await field(page, 2).fill("12,25");
  await expect(errorOf(page, 2)).toHaveCount(0);
  await expect(total).toHaveText("Tổng điểm: 75,25");

  // An autosave answered "too high" just before the fix; the submitted, locked sheet must not keep that.
  await field(page, 2).fill("31");
  await expect(errorOf(page, 2)).toHaveText("Điểm vượt quá mức tối đa của tiêu chí.");
  await page.waitForTimeout(1_500); // let the autosave of "31" come back with its refusal
  await field(page, 2).fill("27");
  await page.getByRole("button", { name: "Nộp điểm (khoá phiếu)" }).click();
  await expect(page.getByText("Phiếu chấm đã nộp và bị khoá.")).toBeVisible();
  await expect(page.locator(".field-error")).toHaveCount(0);
  // Nor does an autosave still pending from the last keystroke come back to complain.
  await page.waitForTimeout(2_000);
  await expect(page.locator(".field-error")).toHaveCount(0);
  await expect(total).toHaveText("Tổng điểm: 90");

  // The same explanations in English.
  await page.getByRole("link", { name: "Tác phẩm tiếp →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("BI-002");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await field(page, 1).fill("abc");
  await expect(errorOf(page, 1)).toHaveText("The score must be a number (e.g. 8.5).");
  await field(page, 2).fill("7.3");
  await expect(errorOf(page, 2)).toHaveText("Scores go in steps of 0.25.");
  await field(page, 3).fill("20");
  await expect(total).toHaveText("Total: 20 (so far; 2 criteria not scored or not valid yet)");
  await expectAccessible(page);
  await page.getByRole("button", { name: /Tiếng Việt/ }).click();
});

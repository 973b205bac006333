import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";

test("shows the seeded 2021 contest in Vietnamese, then in English after switching", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  const rules = page.getByRole("article");
  await expect(rules.getByRole("heading", { level: 2 })).toContainText("Hải Dương lần thứ XVII");
  await expect(rules).toContainText("Từ 01/10/2020 đến 01/10/2021");
  await expect(rules).toContainText("Hết ngày 10/11/2021");
  await expect(rules).toContainText("dấu bưu điện");
  for (const name of ["Báo in", "Báo nói", "Báo hình", "Báo điện tử"]) {
    await expect(rules.getByRole("listitem").filter({ hasText: name })).toBeVisible();
  }
  const prizes = rules.getByRole("table");
  const first = prizes.getByRole("row", { name: /Giải Nhất/ });
  await expect(first).toContainText("30.000.000 ₫");
  await expect(prizes.getByRole("row", { name: /Giải Ba/ })).toContainText("3");
  await expect(prizes.getByRole("row", { name: /Giải Khuyến khích/ })).toContainText("2.000.000 ₫");
  await expect(prizes).toContainText("90.000.000 ₫");
  await expect(rules).toContainText("360.000.000 ₫");
  await expect(rules).toContainText("0220.3897357");
  await expect(rules).toContainText("199 Nguyễn Lương Bằng");
  await expect(page.getByRole("banner")).toContainText("Hải Dương");
  await expectAccessible(page);

  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("article")).toContainText("From 01/10/2020 to 01/10/2021");
  await expect(page.getByRole("row", { name: /First prize/ })).toContainText("₫30,000,000");
  await expect(page.getByRole("article")).toContainText("Print");
  await expectAccessible(page);

  // The choice sticks on the next page, and the switch goes back.
  await page
    .getByRole("link", { name: /Press Award for promoting/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/contests\/hai-duong-2021$/);
  await expect(page.getByRole("heading", { level: 2 })).toContainText("Press Award");
  await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page).toHaveURL(/\/contests\/hai-duong-2021$/);
});

test("answers an unknown contest with a kind 404 page", async ({ page }) => {
  const res = await page.goto("/contests/khong-ton-tai");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy");
  await expectAccessible(page);
});

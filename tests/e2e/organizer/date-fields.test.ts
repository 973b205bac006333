import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { makeContest, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";

// An English browser shows <input type="date"> as mm/dd/yyyy and its own English bubbles; our
// date fields show and take dd/mm/yyyy in every locale and say what is wrong in our words.
test.use({ locale: "en-US" });

test("in an English browser, a date field shows and accepts dd/mm/yyyy and a bad date gets our message", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest (old dates, so the home page keeps the demo) and its organizer.
  const contest = await makeContest(e2eDb(), {
    slug: `ngay-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeUser(e2eDb(), {
    email: `btc-ngay-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  await login(page, organizer.email, TEST_PASSWORD);
  await page.goto(`/organizer/${contest.slug}/settings`);

  // The English browser gets the English UI.
  const start = page.getByLabel("Published from", { exact: true });
  await expect(start).toHaveAttribute("type", "text");
  await expect(start).toHaveValue("01/10/2018");
  await expect(start).toHaveAccessibleDescription(/Day\/month\/year, e\.g\. 20\/11\/2021/);
  // mm/dd/yyyy as an American would type it is refused in our words, and nothing is saved.
  await start.fill("10/31/2019");
  await start.blur();
  const message = page.getByText("Not a valid date: enter day/month/year (dd/mm/yyyy), e.g. 20/11/2021.");
  await expect(message).toBeVisible();
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(message).toBeVisible();
  await expectAccessible(page);

  // dd/mm/yyyy is taken, the slashes come by themselves when typing digits.
  await start.fill("");
  await start.pressSequentially("15102018");
  await expect(start).toHaveValue("15/10/2018");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByLabel("Published from", { exact: true })).toHaveValue("15/10/2018");
  const saved = await e2eDb().contest.findUniqueOrThrow({ where: { id: contest.id } });
  expect(saved.publicationStart.toISOString().slice(0, 10)).toBe("2018-10-15");

  // The Vietnamese UI in the same English browser: our message in Vietnamese, no English bubble.
  await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  const startVi = page.getByLabel("Đăng từ ngày");
  await expect(startVi).toHaveValue("15/10/2018");
  await startVi.fill("31/02/2019");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Ngày không hợp lệ: nhập ngày/tháng/năm (dd/mm/yyyy), ví dụ 20/11/2021.")).toBeVisible();
  await expectAccessible(page);
});

import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { hideContest, openContestFixture } from "../support/journey.page.ts";
import { makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";

test("a journalist deletes their own draft after confirming, and only a draft offers it", async ({ page }) => {
  const contest = await openContestFixture(`Giải xoá nháp ${Date.now().toString(36)}`);
  const journalist = await makeUser(e2eDb(), { email: `xoanhap-${Date.now().toString(36)}@example.test` });
  // Fixture: a draft and a submitted entry (the journey test writes them through the editor;
  // the integration test checks that the files go with the draft).
  const base = {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    parts: [{ publishedOn: contest.partDates[0]! }],
  };
  const draft = await makeEntry(e2eDb(), { ...base, status: "DRAFT", code: null, title: "Bản nháp bỏ đi" });
  const submitted = await makeEntry(e2eDb(), { ...base, status: "SUBMITTED", title: "Bài đã nộp giữ lại" });
  try {
    await login(page, journalist.email, TEST_PASSWORD);
    await page.goto(`/me/entries/${submitted.id}`);
    await expect(page.getByRole("button", { name: "Xoá bản nháp" })).toHaveCount(0);

    await page.goto(`/me/entries/${draft.id}`);
    await expectAccessible(page);
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByRole("button", { name: "Xoá bản nháp" }).click();
    await expect
      .poll(() => asked)
      .toBe("Xoá bản nháp “Bản nháp bỏ đi” cùng 0 tệp minh chứng đã tải lên? Không thể khôi phục.");
    await expect(page).toHaveURL(new RegExp(`/me/entries/${draft.id}$`));

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Xoá bản nháp" }).click();
    await expect(page).toHaveURL(/\/me\/entries\?done=deleted$/);
    await expect(page.getByRole("status")).toHaveText("Đã xoá bản nháp và các tệp minh chứng của nó.");
    await expect(page.getByRole("link", { name: "Bản nháp bỏ đi" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Bài đã nộp giữ lại" })).toBeVisible();
    expect((await page.goto(`/me/entries/${draft.id}`))?.status()).toBe(404);
  } finally {
    await hideContest(contest.id);
  }
});

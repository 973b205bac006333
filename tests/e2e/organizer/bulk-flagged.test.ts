import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

test("bulk 'Đủ điều kiện' on entries flagged as missing evidence warns, changes nothing, and asks first", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest (old deadline, the header keeps the demo) with two submitted
  // entries, one flagged by the automatic checks (flag computation has its own unit tests).
  const contest = await makeContest(e2eDb(), {
    slug: `canh-bao-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeUser(e2eDb(), {
    email: `btc-canhbao-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const journalist = await makeUser(e2eDb());
  const base = {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    parts: [{ publishedOn: "2019-03-01" as const }],
  };
  await makeEntry(e2eDb(), { ...base, code: "BI-001", title: "Bài đủ hồ sơ" });
  const flagged = await makeEntry(e2eDb(), { ...base, code: "BI-002", title: "Bài thiếu tệp" });
  // Set-up: the flag the app computes for an entry without its evidence file (its rule is unit-tested).
  await e2eDb().entry.update({ where: { id: flagged.id }, data: { flags: ["missing_evidence"] } });
  try {
    await login(page, organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${contest.slug}/entries`);
    await page.getByRole("checkbox", { name: "Chọn BI-001" }).check();
    await page.getByRole("checkbox", { name: "Chọn BI-002" }).check();
    await page.getByRole("button", { name: "Đủ điều kiện", exact: true }).click();

    const warning = page.getByRole("alert").filter({ hasText: "có cảnh báo" });
    await expect(warning).toContainText("1 tác phẩm đã chọn có cảnh báo của hệ thống kiểm tra:");
    await expect(warning).toContainText("BI-002: Thiếu tệp minh chứng");
    await expect(warning).toContainText("Chưa có gì thay đổi.");
    await expect(page.getByRole("row", { name: /BI-001/ })).toContainText("Đã nộp");
    await expect(page.getByRole("row", { name: /BI-002/ })).toContainText("Đã nộp");
    await expectAccessible(page);

    await warning.getByRole("button", { name: "Vẫn đánh dấu đủ điều kiện" }).click();
    await expect(page.getByRole("status")).toContainText("Đã cập nhật 2 tác phẩm");
    await expect(page.getByRole("row", { name: /BI-002/ })).not.toContainText("Đã nộp");
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

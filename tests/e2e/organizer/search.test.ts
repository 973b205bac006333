import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

// Issue 12: "chuyen doi" finds what "chuyển đổi" finds, in any case.
test("the organizer finds entries without typing diacritics", async ({ page }) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest with three submitted entries (submission has its own e2e tests);
  // the search is what this test exercises, through the page.
  const contest = await makeContest(e2eDb(), {
    slug: `tim-kiem-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeUser(e2eDb(), {
    email: `btc-tim-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const journalist = await makeUser(e2eDb());
  const base = {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    parts: [{ publishedOn: "2019-03-01" as const }],
  };
  await makeEntry(e2eDb(), { ...base, code: "BI-001", title: "Chuyển đổi số ở xã nông thôn mới" });
  await makeEntry(e2eDb(), { ...base, code: "BI-002", title: "CHUYỂN ĐỔI xanh trên đồng ruộng" });
  await makeEntry(e2eDb(), {
    ...base,
    code: "BI-003",
    title: "Hải Dương vượt khó",
    authors: [{ fullName: "Đặng Thị Ưng", shareBp: 10_000 }],
  });
  try {
    await login(page, organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${contest.slug}/entries`);
    const search = page.getByRole("searchbox", { name: "Tìm kiếm" });
    const rows = page.locator("table.entries-table tbody tr");

    await search.fill("chuyen doi");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect(page).toHaveURL(/q=chuyen\+doi/);
    await expect(rows).toHaveCount(2);
    await expect(page.getByRole("row", { name: /BI-001/ })).toContainText("Chuyển đổi số ở xã nông thôn mới");
    await expect(page.getByRole("row", { name: /BI-002/ })).toContainText("CHUYỂN ĐỔI xanh");
    await expectAccessible(page);

    await search.fill("CHUYỂN ĐỔI");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect(page).toHaveURL(/q=CHUY/);
    await expect(rows).toHaveCount(2);

    // An author's name without diacritics.
    await search.fill("dang thi ung");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect(page).toHaveURL(/q=dang/);
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole("row", { name: /BI-003/ })).toContainText("Hải Dương vượt khó");
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

// Issue 12: the audit log reads as sentences with names, in vi and en; the stored JSON sits behind
// "Chi tiết"/"Details"; the actor filter ignores diacritics.
test("the audit log tells what happened in the reader's language", async ({ page }) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest with one submitted entry; the decision below is made through the page.
  const contest = await makeContest(e2eDb(), {
    slug: `nhat-ky-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeUser(e2eDb(), {
    name: "Trưởng Ban Tổ Chức",
    email: `btc-nk-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const journalist = await makeUser(e2eDb());
  await makeEntry(e2eDb(), {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    parts: [{ publishedOn: "2019-03-01" }],
    code: "BI-001",
    title: "Chuyển đổi số",
  });
  try {
    await login(page, organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${contest.slug}/entries`);
    await page.getByRole("checkbox", { name: "Chọn BI-001" }).check();
    await page.getByRole("button", { name: "Đủ điều kiện", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Đã cập nhật 1 tác phẩm");

    await page.goto(`/organizer/${contest.slug}/audit`);
    await page.getByRole("searchbox", { name: "Người thực hiện" }).fill("truong ban to chuc");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect(page).toHaveURL(/actor=truong/);
    const row = page.getByRole("row").filter({ hasText: "BI-001" });
    await expect(row).toContainText("Trưởng Ban Tổ Chức chuyển tác phẩm BI-001 từ “Đã nộp” sang “Đủ điều kiện”.");
    await expect(row.getByText('"ELIGIBLE"')).toBeHidden();
    await row.getByText("Chi tiết").click();
    await expect(row.getByText(/"status": "ELIGIBLE"/)).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: "tests/.tmp/audit-vi.png", fullPage: true });

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.goto(`/organizer/${contest.slug}/audit?actor=TRUONG+BAN`);
    const rowEn = page.getByRole("row").filter({ hasText: "BI-001" });
    await expect(rowEn).toContainText("Trưởng Ban Tổ Chức moved entry BI-001 from “Submitted” to “Eligible”.");
    await expect(rowEn.getByText("Details")).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: "tests/.tmp/audit-en.png", fullPage: true });
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

test("the organizer lists a press agency with its short name, and generation then excludes the judge from that agency", async ({
  page,
}) => {
  const db = e2eDb();
  const suffix = Date.now().toString(36);
  // Fixture for what this test does not exercise (submission, eligibility, judge invitations).
  const contest = await makeContest(db, {
    slug: `co-quan-${suffix}`,
    phase: "JUDGING",
    categories: ["tv"],
    publicationStart: "2019-10-01",
    publicationEnd: "2020-10-01",
    deadline: "2020-11-10",
  });
  const organizer = await makeUser(db, {
    email: `btc-cq-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  await makeUser(db, {
    email: `gk-cq-${suffix}@example.test`,
    name: "Giám Khảo Đài Tỉnh",
    agency: "Đài PT-TH Hải Dương",
    roles: [{ role: "JUDGE", contestId: contest.id }],
  });
  const journalist = await makeUser(db);
  await makeEntry(db, {
    contestId: contest.id,
    categoryId: contest.category("tv").id,
    submitterId: journalist.id,
    status: "ELIGIBLE",
    code: "BH-001",
    parts: [{ publishedOn: "2020-03-01" }],
    authors: [{ fullName: "Trần Văn Minh", agency: "Đài Phát thanh và Truyền hình Hải Dương" }],
  });
  try {
    await login(page, organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${contest.slug}`);
    await page
      .getByRole("navigation", { name: "Các mục của ban tổ chức" })
      .getByRole("link", { name: "Cơ quan báo chí" })
      .click();
    const add = page.getByRole("form", { name: "Thêm cơ quan" });
    await add.getByLabel("Tên đầy đủ").fill("Đài Phát thanh và Truyền hình Hải Dương");
    await add.getByLabel("Tên viết tắt").fill("Đài PT-TH Hải Dương\nHDTV");
    await add.getByRole("button", { name: "Thêm cơ quan" }).click();
    await expect(page.getByRole("status")).toContainText("Đã lưu cơ quan báo chí.");
    await expect(page.getByRole("form", { name: "Cơ quan Đài Phát thanh và Truyền hình Hải Dương" })).toBeVisible();
    await expectAccessible(page);

    // A second agency may not take a name the first one has.
    await add.getByLabel("Tên đầy đủ").fill("Truyền hình Hải Dương mới");
    await add.getByLabel("Tên viết tắt").fill("hdtv");
    await add.getByRole("button", { name: "Thêm cơ quan" }).click();
    await expect(add.getByRole("alert")).toContainText(
      '"hdtv" đã là tên của cơ quan Đài Phát thanh và Truyền hình Hải Dương',
    );

    await page.goto(`/organizer/${contest.slug}/assignments`);
    await page.getByRole("button", { name: "Tạo phân công" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Kết quả phân công" })).toContainText(
      "Giám Khảo Đài Tỉnh cùng cơ quan với tác giả của BH-001 (Đài Phát thanh và Truyền hình Hải Dương)",
    );
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

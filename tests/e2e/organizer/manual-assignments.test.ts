import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD, makeScore } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

test("the organizer adds a judge by hand, overrides a conflict only with a reason, and cannot remove a scored assignment", async ({
  page,
}) => {
  const db = e2eDb();
  const suffix = Date.now().toString(36);
  // Fixture for what this test does not exercise (submission, eligibility, judge invitations):
  // a contest in judging, two eligible entries, two judges, one from an author's agency.
  const contest = await makeContest(db, {
    slug: `phan-cong-${suffix}`,
    phase: "JUDGING",
    categories: ["print"],
    publicationStart: "2019-10-01",
    publicationEnd: "2020-10-01",
    deadline: "2020-11-10",
  });
  const organizer = await makeUser(db, {
    email: `btc-pc-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const local = await makeUser(db, {
    email: `gk-hd-${suffix}@example.test`,
    name: "Giám Khảo Hải Dương",
    agency: "Báo Hải Dương",
    roles: [{ role: "JUDGE", contestId: contest.id }],
  });
  const other = await makeUser(db, {
    email: `gk-hp-${suffix}@example.test`,
    name: "Giám Khảo Hải Phòng",
    agency: "Báo Hải Phòng",
    roles: [{ role: "JUDGE", contestId: contest.id }],
  });
  const journalist = await makeUser(db);
  const base = {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    status: "ELIGIBLE" as const,
    parts: [{ publishedOn: "2020-03-01" as const }],
  };
  await makeEntry(db, {
    ...base,
    code: "BI-001",
    title: "Làng nghề ven sông",
    authors: [{ fullName: "Tác Giả Một", agency: "BÁO HẢI DƯƠNG" }],
  });
  const second = await makeEntry(db, {
    ...base,
    code: "BI-002",
    title: "Chợ quê ngày Tết",
    authors: [{ fullName: "Tác Giả Hai", agency: "Báo Nam Định" }],
  });
  const round = contest.rounds[0]!;
  try {
    await login(page, organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${contest.slug}/assignments`);
    const manual = page.getByRole("form", { name: "Phân công thủ công" });

    // A conflict without a reason is refused and nothing is added.
    await manual.getByLabel("Tác phẩm").selectOption({ label: "BI-001 — Làng nghề ven sông" });
    await manual
      .getByLabel("Giám khảo", { exact: true })
      .selectOption({ label: `Giám Khảo Hải Dương (${local.email})` });
    await manual.getByRole("button", { name: "Thêm phân công" }).click();
    await expect(page.getByRole("alert")).toContainText("có xung đột lợi ích với tác phẩm này");
    await expect(page.getByRole("table", { name: "0 phân công" })).toBeVisible();
    await expectAccessible(page);

    // With a reason it is added, and the reason shows in the list.
    await manual.getByLabel("Tác phẩm").selectOption({ label: "BI-001 — Làng nghề ven sông" });
    await manual
      .getByLabel("Giám khảo", { exact: true })
      .selectOption({ label: `Giám Khảo Hải Dương (${local.email})` });
    await manual
      .getByLabel("Lý do vẫn phân công khi có xung đột lợi ích")
      .fill("Giám khảo chuyên ngành duy nhất về làng nghề");
    await manual.getByRole("button", { name: "Thêm phân công" }).click();
    await expect(page.getByRole("status")).toContainText("Đã thêm phân công dù có xung đột lợi ích");
    await expect(page.getByRole("row", { name: /BI-001.*Giám Khảo Hải Dương/ })).toContainText(
      "Giám khảo chuyên ngành duy nhất về làng nghề",
    );

    // A judge without a conflict needs no reason.
    await manual.getByLabel("Tác phẩm").selectOption({ label: "BI-002 — Chợ quê ngày Tết" });
    await manual
      .getByLabel("Giám khảo", { exact: true })
      .selectOption({ label: `Giám Khảo Hải Phòng (${other.email})` });
    await manual.getByRole("button", { name: "Thêm phân công" }).click();
    await expect(page.getByRole("status")).toContainText("Đã thêm phân công.");
    await expect(page.getByRole("table", { name: "2 phân công" })).toBeVisible();

    // Fixture: the judge's submitted sheet (scoring has its own e2e tests).
    await makeScore(db, {
      roundId: round.id,
      entryId: second.id,
      judgeId: other.id,
      values: [30, 20, 20],
      status: "SUBMITTED",
    });
    await page.getByRole("button", { name: "Bỏ phân công Giám Khảo Hải Phòng chấm BI-002" }).click();
    await expect(page.getByRole("alert")).toContainText("Không thể bỏ phân công: giám khảo đã nộp phiếu chấm");
    await expect(page.getByRole("table", { name: "2 phân công" })).toBeVisible();

    await page.getByRole("button", { name: "Bỏ phân công Giám Khảo Hải Dương chấm BI-001" }).click();
    await expect(page.getByRole("status")).toContainText("Đã bỏ phân công.");
    await expect(page.getByRole("table", { name: "1 phân công" })).toBeVisible();
    await expect(page.getByRole("row", { name: /BI-001/ })).toHaveCount(0);
    await expectAccessible(page);
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(contest.id);
  }
});

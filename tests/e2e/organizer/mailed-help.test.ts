import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { CSV_COLUMNS } from "#app/domain/mailed-entries.ts";
import { makeContest, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";

test("the mailed-entry page links a CSV help page whose template downloads, opens as UTF-8 and imports", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest (old dates, so the home page keeps the demo) and its organizer.
  const contest = await makeContest(e2eDb(), {
    slug: `mau-csv-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeUser(e2eDb(), {
    email: `btc-csv-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  await login(page, organizer.email, TEST_PASSWORD);
  await page.goto(`/organizer/${contest.slug}/mailed`);
  await expect(page.getByText("README")).toHaveCount(0);
  await page.getByRole("link", { name: "Hướng dẫn định dạng CSV và tệp mẫu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhập tác phẩm gửi qua bưu điện từ tệp CSV");
  // Every column the import reads is described, the required ones marked.
  const rows = page.getByRole("region", { name: "Các cột" }).locator("tbody tr");
  await expect(rows).toHaveCount(CSV_COLUMNS.length);
  await expect(rows.filter({ hasText: "postmark_date" })).toContainText("Ngày dấu bưu điện");
  await expect(rows.filter({ hasText: "postmark_date" })).toContainText("Có");
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Tải tệp mẫu (CSV)" }).click(),
  ]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  // The BOM makes Excel read Vietnamese correctly.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").slice(1).trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe(CSV_COLUMNS.join(","));
  expect(lines[1]).toContain("Làng nghề bên sông");
  expect(lines[1]).toContain("10/11/2019");

  // The template's example line is a valid entry of this contest: importing it works.
  await page
    .getByRole("link", { name: /Tác phẩm gửi qua bưu điện/ })
    .first()
    .click();
  await page.getByLabel("Tệp CSV").setInputFiles(file);
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect(page.getByRole("status")).toContainText("Đã nhập 1 tác phẩm");

  // English: the same page in the organizer's other language.
  await page.goto(`/organizer/${contest.slug}/mailed/help`);
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Importing mailed entries from a CSV file");
  await expect(page.getByRole("link", { name: "Download the template (CSV)" })).toBeVisible();
  await expectAccessible(page);
});

import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { closeRound } from "#app/server/organizer/rounds.server.ts";
import { syncAwards } from "#app/server/results/results.server.ts";
import {
  makeContest,
  makeEntry,
  makeUser,
  TEST_PASSWORD,
  assign,
  makeScore,
  openRound,
  sheetFor,
} from "#tests/support/kit.ts";

test("a winner downloads each author's certificate from the entry's page once results are published; a stranger cannot", async ({
  page,
  browser,
}) => {
  const db = e2eDb();
  const suffix = Date.now().toString(36);
  // Fixture: a published contest where a two-author entry won (judging, prizes and publication
  // have their own e2e journeys; this test is about the winner's download).
  const contest = await makeContest(db, {
    slug: `chung-nhan-${suffix}`,
    phase: "JUDGING",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
    rounds: 1,
    roundSettings: { minJudgesPerEntry: 1 },
  });
  const round = contest.rounds[0]!;
  const judge = await makeUser(db, {
    email: `gk-cn-${suffix}@example.test`,
    roles: [{ role: "JUDGE", contestId: contest.id }],
  });
  const journalist = await makeUser(db, { email: `cn-${suffix}@example.test`, name: "Đặng Thu Hà" });
  const stranger = await makeUser(db, { email: `la-${suffix}@example.test`, name: "Người Lạ" });
  // Set-up: the organizer's role (granting roles is the admin journey's step).
  const organizer = await makeUser(db, {
    email: `btc-cn-${suffix}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const entry = await makeEntry(db, {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    status: "ELIGIBLE",
    code: "BI-001",
    title: "Mùa vải thiều",
    outlet: "Báo Thử Nghiệm",
    parts: [{ publishedOn: "2019-03-01" }],
    authors: [
      { fullName: "Đặng Thu Hà", email: journalist.email, userId: journalist.id, shareBp: 6000 },
      { fullName: "Lương Văn Quý", penName: "Quý Lương", shareBp: 4000 },
    ],
  });
  await assign(db, round.id, [entry.id], [judge.id]);
  await openRound(db, round.id);
  await makeScore(db, { roundId: round.id, entryId: entry.id, judgeId: judge.id, values: sheetFor(90) });
  await closeRound(db, { contestId: contest.id, roundId: round.id, actorId: judge.id, acknowledgeFlags: true });
  await syncAwards(db, contest.id);

  // Before publication the entry page offers no certificate.
  await login(page, journalist.email, TEST_PASSWORD);
  await page.goto(`/me/entries/${entry.id}`);
  await expect(page.getByRole("heading", { name: /BI-001/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Giấy chứng nhận của/ })).toHaveCount(0);

  // The organizer publishes the results on their own page, in a browser of their own.
  const orgCtx = await browser.newContext();
  const org = await orgCtx.newPage();
  await login(org, organizer.email, TEST_PASSWORD);
  await org.goto(`/organizer/${contest.slug}/results`);
  await org.getByLabel("Tôi đã kiểm tra kết quả và muốn công bố").check();
  await org.getByRole("button", { name: "Công bố kết quả" }).click();
  await expect(org.getByText("Kết quả đã được công bố.")).toBeVisible();
  await orgCtx.close();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Giấy chứng nhận đoạt giải" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Giấy chứng nhận của/ })).toHaveText([
    "Giấy chứng nhận của Đặng Thu Hà (PDF)",
    "Giấy chứng nhận của Lương Văn Quý (Quý Lương) (PDF)",
  ]);
  await expectAccessible(page);
  const link = page.getByRole("link", { name: "Giấy chứng nhận của Lương Văn Quý (Quý Lương) (PDF)" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("giay-chung-nhan-BI-001-2.pdf");
  const file = await download.path();
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", "-raw", file, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain("Chứng nhận tác giả Lương Văn Quý (Quý Lương)");
  expect(text).toContain("Đồng tác giả: Đặng Thu Hà");
  expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe("%PDF");

  // Someone who is no author of the entry gets "not found", not the certificate.
  const href = await link.getAttribute("href");
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await login(other, stranger.email, TEST_PASSWORD);
  const res = await other.request.get(href!);
  expect(res.status()).toBe(404);
  await ctx.close();
});

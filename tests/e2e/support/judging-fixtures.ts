import { validPdf } from "./pdf.ts";
import fs from "node:fs";
import path from "node:path";
import { expect, type Browser } from "@playwright/test";
import { login } from "./auth.ts";
import { e2eDb } from "./db.ts";
import { makeContest, makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/factories.ts";
import { assign } from "#tests/support/judging-factories.ts";

/** Names that must never reach a judge of a blind contest. */
export const SECRET_AUTHORS = [
  { fullName: "Lã Thị Bí Ẩn", penName: "Sương Mờ", agency: "Báo Kín Tiếng" },
  { fullName: "Kiều Văn Giấu Tên", penName: "Gió Bấc", agency: "Đài Vô Danh" },
  { fullName: "Ông Ích Mật", penName: "Mây Trắng", agency: "Tạp chí Ẩn Mình" },
];

/**
 * A blind contest in judging with one category, one final round still PENDING, three eligible
 * entries (one with a PDF named after its author) and two judges assigned to all of them.
 * Database fixture for what the judge test does not exercise (contest and round set-up, which
 * contest-setup and the rehearsal do through the UI; submission, eligibility, judge invitations,
 * assignment generation, the stored evidence file); opening the round and any round setting a
 * test depends on are user steps: tests do them through the organizer's pages.
 */
export async function judgingFixture() {
  const db = e2eDb();
  const suffix = Date.now().toString(36);
  // An older deadline than the demo keeps the demo contest in the site header for other tests.
  const contest = await makeContest(db, {
    slug: `giai-e2e-${suffix}`, phase: "JUDGING", categories: ["print"],
    publicationStart: "2019-10-01", publicationEnd: "2020-10-01", deadline: "2020-11-10",
  });
  await db.round.deleteMany({ where: { contestId: contest.id, position: 2 } });
  const round = await db.round.update({
    where: { id: contest.rounds[0]!.id },
    data: { isFinal: true, advancementRule: "NONE", minJudgesPerEntry: 2 },
  });
  const judges = [
    await makeUser(db, { email: `gk1-${suffix}@example.test`, name: "Giám Khảo E2E Một", roles: [{ role: "JUDGE", contestId: contest.id }] }),
    await makeUser(db, { email: `gk2-${suffix}@example.test`, name: "Giám Khảo E2E Hai", roles: [{ role: "JUDGE", contestId: contest.id }] }),
  ];
  const organizer = await makeUser(db, { email: `btc-${suffix}@example.test`, name: "Ban Tổ Chức E2E", roles: [{ role: "ORGANIZER", contestId: contest.id }] });
  const entries = [];
  for (const [i, a] of SECRET_AUTHORS.entries()) {
    const submitter = await makeUser(db, { email: `tacgia${i}-${suffix}@example.test`, name: a.fullName, penNames: [a.penName], agency: a.agency });
    entries.push(
      await makeEntry(db, {
        contestId: contest.id, categoryId: contest.category("print").id, submitterId: submitter.id, status: "ELIGIBLE",
        code: `BI-00${i + 1}`, title: ["Dòng sông quê hương", "Những người giữ rừng", "Phố cổ vào xuân"][i], outlet: "Báo Thử Nghiệm",
        parts: [{ publishedOn: `2020-03-0${i + 1}`, url: `https://example.test/bai-${i + 1}` }],
        authors: [{ ...a, email: submitter.email, shareBp: 10_000, userId: submitter.id }],
      }),
    );
  }
  // A real PDF in the server's storage, with a file name that gives the author away.
  const key = `e2e/${suffix}.pdf`;
  const dir = path.resolve("tests/.tmp/e2e-data/uploads/e2e");
  fs.mkdirSync(dir, { recursive: true });
  const pdf = validPdf();
  fs.writeFileSync(path.join(dir, `${suffix}.pdf`), pdf);
  const file = await db.storedFile.create({
    data: { entryId: entries[0]!.id, partId: entries[0]!.parts[0]!.id, storageKey: key, originalName: "La-Thi-Bi-An-Suong-Mo.pdf", mimeType: "application/pdf", sizeBytes: BigInt(pdf.length), sha256: "e2e" },
  });
  await assign(db, round.id, entries.map((e) => e.id), judges.map((j) => j.id));
  return { contest, round, judges, organizer, entries, file };
}

/**
 * Opens the fixture's round as its organizer would, in a browser context of its own: the round
 * page's "Mở vòng chấm", then "Xác nhận mở vòng". Never by writing the round's status.
 */
export async function openRoundAsOrganizer(browser: Browser, f: { contest: { slug: string }; organizer: { email: string } }, position = 1) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, f.organizer.email, TEST_PASSWORD);
  await page.goto(`/organizer/${f.contest.slug}/rounds/${position}`);
  await page.getByRole("button", { name: "Mở vòng chấm" }).click();
  await page.getByRole("button", { name: "Xác nhận mở vòng" }).click();
  await expect(page.getByText(/^Đã mở vòng chấm\./)).toBeVisible();
  await ctx.close();
}

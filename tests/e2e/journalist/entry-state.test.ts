import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { typedDate } from "../support/dates.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { hideContest, openContestFixture } from "../support/journey.page.ts";
import { makeEntry, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { addDays, formatIsoDate, toIsoDate } from "#app/domain/dates.ts";

/** The organizer's phase buttons on the contest overview. */
async function changePhase(org: Page, slug: string, button: string, phase: string) {
  await org.goto(`/organizer/${slug}`);
  await org.getByRole("button", { name: button }).click();
  await expect(org.getByRole("status")).toContainText(`Đã chuyển giải sang giai đoạn: ${phase}`);
}

/** The organizer moves the deadline on the contest's settings page. */
async function setDeadline(org: Page, slug: string, iso: string) {
  await org.goto(`/organizer/${slug}/settings`);
  await org.getByLabel("Hạn cuối nhận tác phẩm").fill(typedDate(iso));
  await org.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(org.getByRole("status")).toHaveText("Đã lưu.");
}

test("an entry's page follows the entry's real state and the contest's real deadline", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const contest = await openContestFixture(`Giải trạng thái ${Date.now().toString(36)}`);
  const journalist = await makeUser(e2eDb(), {
    email: `trangthai-${Date.now().toString(36)}@example.test`,
    name: "Phóng Viên Trạng Thái",
  });
  // Fixture: a submitted entry and a draft (writing them is the journalist journey test's job).
  const base = {
    contestId: contest.id,
    categoryId: contest.category("print").id,
    submitterId: journalist.id,
    parts: [{ publishedOn: contest.partDates[0]! }],
    authors: [{ fullName: journalist.name, email: journalist.email, shareBp: 10_000, userId: journalist.id }],
  };
  const submitted = await makeEntry(e2eDb(), { ...base, status: "SUBMITTED", title: "Bài sẽ rút" });
  const draft = await makeEntry(e2eDb(), { ...base, status: "DRAFT", code: null, title: "Bài nháp chờ" });
  // Fixture: the contest's organizer (granting the role is the admin e2e test's job). What the
  // organizer does to the contest below happens in their own browser, through their pages.
  const organizer = await makeUser(e2eDb(), {
    email: `btc-trangthai-${Date.now().toString(36)}@example.test`,
    roles: [{ role: "ORGANIZER", contestId: contest.id }],
  });
  const orgContext = await browser.newContext();
  const org = await orgContext.newPage();
  const deadline = formatIsoDate(contest.deadline);
  try {
    await login(org, organizer.email, TEST_PASSWORD);
    await login(page, journalist.email, TEST_PASSWORD);
    await page.goto(`/me/entries/${submitted.id}`);
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Rút tác phẩm" }).click();
    await expect(page.getByText("Đã rút tác phẩm. Thư xác nhận đã được gửi tới email của bạn.")).toBeVisible();
    await expect(page.locator(".status")).toHaveText("Đã rút");
    await expect(
      page.getByText("Bạn đã rút tác phẩm này. Tác phẩm không được chấm và không thể nộp lại."),
    ).toBeVisible();
    await expect(page.getByText(/có thể nộp/)).toHaveCount(0);
    // The contest is still open: the banner counts down to the real deadline.
    await expect(page.locator(".deadline-banner")).toContainText(`Hạn nộp: hết ngày ${deadline}`);
    await expectAccessible(page);

    // The organizers stop taking entries before the deadline. The deadline is not over, and
    // the page must not say so.
    await changePhase(org, contest.slug, "Đóng nhận tác phẩm", "Đã hết hạn nhận");
    await page.goto(`/me/entries/${draft.id}`);
    await expect(page.locator(".deadline-banner")).toHaveText(
      `Ban tổ chức hiện không nhận tác phẩm (hạn nộp theo thể lệ: hết ngày ${deadline}, giờ Việt Nam).`,
    );
    await expect(page.getByText("Đã hết hạn nộp")).toHaveCount(0);
    await expect(page.getByText(/có thể nộp/)).toHaveCount(0);

    // Reopened with a deadline that is over: now the page does say the deadline passed.
    const past = addDays(toIsoDate(new Date()), -1);
    await setDeadline(org, contest.slug, past);
    await changePhase(org, contest.slug, "Mở nhận tác phẩm", "Đang nhận tác phẩm");
    await page.reload();
    await expect(page.locator(".deadline-banner")).toHaveText(
      `Đã hết hạn nộp (hết ngày ${formatIsoDate(past)}, giờ Việt Nam).`,
    );

    // The organizers extend the deadline: the same draft can be worked on again, with a countdown.
    const later = addDays(toIsoDate(new Date()), 10);
    await setDeadline(org, contest.slug, later);
    await page.reload();
    await expect(page.locator(".deadline-banner")).toContainText(`Hạn nộp: hết ngày ${formatIsoDate(later)}`);
    await expect(page.getByRole("button", { name: "Nộp tác phẩm" })).toBeVisible();

    // A PDF the tools cannot read (no cross-reference table) is refused at once, with a reason,
    // instead of failing later when a judge opens it.
    const part = page.locator(".entry-part").first();
    await part
      .getByLabel("Chọn tệp cho kỳ 1")
      .setInputFiles({ name: "bai-hong.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n garbage") });
    await part.getByRole("button", { name: "Tải lên", exact: true }).click();
    await expect(
      part.getByText(
        'Không tải lên được bai-hong.pdf: Tệp "bai-hong.pdf" bị từ chối: tệp PDF bị hỏng hoặc không đọc được.',
      ),
    ).toBeVisible();
    await expect(part.getByRole("link", { name: "bai-hong.pdf" })).toHaveCount(0);
    await page.screenshot({ path: "tests/.tmp/broken-pdf-vi.png", fullPage: true });
    await expectAccessible(page);

    await page.goto(`/me/entries/${submitted.id}`);
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(
      page.getByText("You withdrew this entry. It will not be judged and cannot be submitted again."),
    ).toBeVisible();
    await expect(page.getByText(/can be submitted/)).toHaveCount(0);
    await expectAccessible(page);
    // The broken PDF's refusal, in English.
    await page.goto(`/me/entries/${draft.id}`);
    const enPart = page.locator(".entry-part").first();
    await enPart
      .getByLabel("Choose a file for part 1")
      .setInputFiles({ name: "broken.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n garbage") });
    await enPart.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(enPart.getByText('"broken.pdf" was refused: the PDF is damaged or cannot be read.')).toBeVisible();
    await page.screenshot({ path: "tests/.tmp/broken-pdf-en.png", fullPage: true });
    await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  } finally {
    await orgContext.close();
    await hideContest(contest.id);
  }
});

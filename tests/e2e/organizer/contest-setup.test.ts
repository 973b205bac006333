import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { waitForMail } from "../support/mail.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "#prisma/seed-data.ts";

const uid = Date.now().toString(36);
const slug = `giai-e2e-${uid}`;
const authorEmail = `tacgia-${uid}@example.test`;
const judgeEmail = `giamkhao-${uid}@example.test`;
// Unique: other journeys create contests with similar names in the same database.
const contestName = `Giải Báo chí thử nghiệm ${uid}`;

async function logout(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
}

test("an organizer sets up a contest from scratch and runs it up to the first assignments", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The admin creates the contest and makes the demo organizer its organizer. Its deadline is a
  // year before the demo's, so the home page keeps showing the demo contest to later tests.
  await login(page, DEMO_USERS.admin, DEMO_PASSWORD);
  await page.goto("/admin");
  await expectAccessible(page);
  const create = page.locator("#create-contest");
  await create.getByLabel("Đường dẫn (slug)").fill(slug);
  await create.getByLabel("Tên (tiếng Việt)").fill(contestName);
  await create.getByLabel("Cơ quan tổ chức").fill("Sở Thông tin và Truyền thông");
  await create.getByLabel("Đăng từ ngày").fill("01/01/2020");
  await create.getByLabel("Đăng đến ngày").fill("31/10/2020");
  await create.getByLabel("Hạn cuối nhận tác phẩm").fill("10/11/2020");
  // Two-step sign-in of organizers and judges has its own test (account/two-factor.test.ts):
  // this journey signs the demo organizer and a new judge in with a password.
  await create.getByLabel("Bắt buộc ban tổ chức và giám khảo xác thực hai bước").uncheck();
  await create.getByRole("button", { name: "Tạo giải" }).click();
  await expect(page).toHaveURL(new RegExp(`/organizer/${slug}/settings$`));
  await page.goto("/admin");
  const card = page.locator(".card", { has: page.getByRole("link", { name: contestName, exact: true }) });
  await card.getByLabel("Email người được thêm vào ban tổ chức").fill(DEMO_USERS.organizer);
  await card.getByRole("button", { name: "Thêm" }).click();
  await expect(card).toContainText(DEMO_USERS.organizer);
  await logout(page);

  // The organizer fills in the rules, two categories and a round with a two-criterion rubric.
  await login(page, DEMO_USERS.organizer, DEMO_PASSWORD);
  await page.goto(`/organizer/${slug}/settings`);
  await expectAccessible(page);
  await page.getByLabel("Chủ đề (tiếng Việt)").fill("Đổi mới và phát triển");
  await page.getByLabel("Email liên hệ").fill("bantochuc@example.test");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu.");

  await page.goto(`/organizer/${slug}/categories`);
  for (const [code, prefix, name] of [
    ["print", "BI", "Báo in"],
    ["online", "DT", "Báo điện tử"],
  ] as const) {
    const form = page.getByRole("article", { name: "Nhóm giải mới" });
    await form.getByLabel("Mã nhóm giải").fill(code);
    await form.getByLabel("Tiền tố mã tác phẩm").fill(prefix);
    await form.getByLabel("Tên (tiếng Việt)").fill(name);
    await form.getByLabel("Văn bản PDF (MB)").fill("100");
    await form.getByRole("button", { name: "Thêm nhóm giải" }).click();
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${name}`) })).toBeVisible();
  }
  await expectAccessible(page);

  await page.goto(`/organizer/${slug}/rounds`);
  const newRound = page.getByRole("article", { name: "Vòng chấm mới" });
  await newRound.getByLabel("Tên vòng (tiếng Việt)").fill("Vòng sơ khảo");
  await newRound.getByLabel("Số giám khảo chấm mỗi tác phẩm").fill("1");
  await newRound.getByRole("button", { name: "Thêm vòng chấm" }).click();
  const round = page.getByRole("article", { name: "Vòng sơ khảo" });
  await expect(round).toBeVisible();
  await round.getByLabel("Tiêu chí (tiếng Việt)").fill("Nội dung, tư tưởng");
  await round.getByLabel("Điểm tối đa").fill("60");
  await round.getByRole("button", { name: "Thêm tiêu chí" }).click();
  await expect(round.getByRole("button", { name: "Xoá", exact: true })).toHaveCount(1);
  await round.locator("summary", { hasText: "Thêm tiêu chí" }).click();
  await round.getByLabel("Tiêu chí (tiếng Việt)").last().fill("Hình thức thể hiện");
  await round.getByLabel("Điểm tối đa").last().fill("40");
  await round.getByRole("button", { name: "Thêm tiêu chí" }).last().click();
  await expect(round.getByRole("button", { name: "Xoá", exact: true })).toHaveCount(2);
  await expect(round.getByLabel("Tiêu chí (tiếng Việt)").nth(1)).toHaveValue("Hình thức thể hiện");
  await expectAccessible(page);

  // Open the contest.
  await page.goto(`/organizer/${slug}`);
  await page.getByRole("button", { name: "Mở nhận tác phẩm" }).click();
  await expect(page.getByRole("status")).toContainText("Đang nhận tác phẩm");
  await expectAccessible(page);

  // Two paper entries: one postmarked on the deadline day, registered days later.
  await page.goto(`/organizer/${slug}/mailed`);
  await expectAccessible(page);
  for (const [i, [title, email, name, agency]] of (
    [
      ["Phóng sự gửi bưu điện", authorEmail, "Trần Thị Tác Giả", "Báo Nông thôn"],
      ["Ký sự làng nghề", `khac-${uid}@example.test`, "Lê Văn Khác", "Báo Hải Dương"],
    ] as const
  ).entries()) {
    await page.getByLabel("Nhóm giải", { exact: true }).selectOption("print");
    await page.getByLabel("Tên tác phẩm").fill(title);
    await page.getByLabel("Ngày dấu bưu điện").fill("10/11/2020");
    await page.getByLabel("Ngày nhận").fill("15/11/2020");
    await page.getByLabel("Email tác giả").fill(email);
    await page.getByLabel("Họ và tên").fill(name);
    await page.getByLabel("Cơ quan báo chí").fill(agency);
    await page.getByLabel("Ngày đăng và đường dẫn").fill("15/03/2020");
    await page.getByRole("button", { name: "Vào sổ" }).click();
    await expect(page.getByRole("status")).toHaveText(`Đã vào sổ tác phẩm BI-00${i + 1}.`);
  }
  // A paper series whose second part was published after the window is refused like an online one.
  await page.getByLabel("Tên tác phẩm").fill("Loạt bài đăng muộn");
  await page.getByLabel("Ngày dấu bưu điện").fill("10/11/2020");
  await page.getByLabel("Ngày nhận").fill("15/11/2020");
  await page.getByLabel("Email tác giả").fill(`muon-${uid}@example.test`);
  await page.getByLabel("Họ và tên").fill("Phạm Đăng Muộn");
  await page.getByLabel("Ngày đăng và đường dẫn").fill("15/03/2020\n05/11/2020");
  await page.getByRole("button", { name: "Vào sổ" }).click();
  await expect(
    page.getByText("[Thời gian đăng, phát] Kỳ 2 ngày 05/11/2020 nằm ngoài khoảng 01/01/2020 – 31/10/2020."),
  ).toBeVisible();
  await expectAccessible(page);

  // The first is ineligible (its author is mailed), the second eligible (bulk action).
  await page.goto(`/organizer/${slug}/entries`);
  await expectAccessible(page);
  await expect(page.getByRole("table")).toContainText("Phóng sự gửi bưu điện");
  await page.getByRole("checkbox", { name: "Chọn BI-002" }).check();
  await page.getByRole("button", { name: "Đủ điều kiện", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Đã cập nhật 1 tác phẩm");
  await page.getByRole("link", { name: "BI-001" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("BI-001 · Phóng sự gửi bưu điện");
  await expectAccessible(page);
  await page.getByLabel("Lý do").fill("Tác phẩm đã đoạt giải khác.");
  await page.getByRole("button", { name: "Không đủ điều kiện" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu quyết định và gửi thư cho người nộp.");
  const decision = await waitForMail(authorEmail, /BI-001 không đủ điều kiện dự thi/);
  expect(decision.text).toContain("Lý do: Tác phẩm đã đoạt giải khác.");

  // A judge from the same agency as the second entry's author is invited and sets a password.
  await page.goto(`/organizer/${slug}/judges`);
  await page.getByLabel("Email").fill(judgeEmail);
  await page.getByLabel("Họ và tên").fill("Giám khảo Phạm Văn E");
  await page.getByLabel("Cơ quan báo chí").fill("BÁO HẢI DƯƠNG");
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã gửi lời mời.");
  await expectAccessible(page);
  const invitation = await waitForMail(judgeEmail, /Mời tham gia Hội đồng giám khảo/);
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(invitation.text ?? "")?.[0];
  expect(link).toBeTruthy();
  const judgeContext = await browser.newContext();
  const judgePage = await judgeContext.newPage();
  await judgePage.goto(link!);
  await expectAccessible(judgePage);
  await judgePage.getByLabel("Mật khẩu mới").fill("GiamKhao-E2E-2021");
  await judgePage.getByLabel("Nhập lại mật khẩu").fill("GiamKhao-E2E-2021");
  await judgePage.getByRole("button", { name: "Đặt mật khẩu và nhận lời mời" }).click();
  await expect(judgePage).toHaveURL(/\/account$/);
  await expect(judgePage.getByText(judgeEmail)).toBeVisible();
  await judgeContext.close();

  // Assignments: the judge is never given the entry from their own agency, and the page says why.
  await page.goto(`/organizer/${slug}/assignments`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Tạo phân công" }).click();
  const result = page.getByRole("status").filter({ hasText: "Kết quả phân công" });
  await expect(result).toContainText("Đã loại 1 trường hợp xung đột lợi ích");
  await expect(result).toContainText("Giám khảo Phạm Văn E cùng cơ quan với tác giả của BI-002 (Báo Hải Dương)");
  await expect(result).toContainText("Không đủ giám khảo cho: BI-002 (0/1)");
  await expectAccessible(page);

  // The audit log shows what happened.
  await page.goto(`/organizer/${slug}/audit`);
  // Sentences with names (issue 12), the stored codes only behind "Chi tiết".
  await expect(page.getByRole("table")).toContainText(/phân công chấm nhóm giải/);
  await expect(page.getByRole("table")).toContainText(/mời .+ làm giám khảo/);
  await expect(page.getByRole("table").getByText("assignments.generate").first()).toBeHidden();
  await expectAccessible(page);
});

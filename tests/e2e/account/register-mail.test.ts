import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { receivedMails } from "../support/mail.ts";

const verifyMailsTo = async (address: string) =>
  (await receivedMails()).filter(
    (m) => m.subject === "Xác nhận địa chỉ email của bạn" && JSON.stringify(m.to).includes(address),
  );

test("after registering, the page names the address, says the mail may take a while and where to look, and can send it again", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const email = `dangky-${Date.now().toString(36)}@example.test`;
  await page.goto("/register");
  await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription(
    /thư có thể mất vài phút, hãy xem cả thư mục Thư rác \(Spam\)/,
  );
  await page.getByLabel("Họ và tên").fill("Người Đăng Ký Thử");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Số điện thoại").fill("0912345678");
  await page.getByLabel("Mật khẩu", { exact: true }).fill("MatKhau-Dang-Ky-1");
  await page.getByLabel("Nhập lại mật khẩu").fill("MatKhau-Dang-Ky-1");
  await page.getByLabel("Tôi đã đọc và đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân của tôi như trên.").check();
  await page.getByRole("button", { name: "Đăng ký" }).click();

  await expect(page.getByRole("heading", { name: "Kiểm tra hộp thư của bạn" })).toBeVisible();
  await expect(page.getByText(`Chúng tôi đã gửi thư xác nhận tới ${email}.`)).toBeVisible();
  await expect(
    page.getByText(
      /Thư có thể mất vài phút mới đến\. Nếu không thấy trong Hộp thư đến, hãy xem thư mục Thư rác \(Spam\)/,
    ),
  ).toBeVisible();
  await expectAccessible(page);
  await expect.poll(async () => (await verifyMailsTo(email)).length, { timeout: 20_000 }).toBe(1);

  await page.getByRole("button", { name: "Gửi lại thư xác nhận" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Đã gửi lại thư xác nhận tới ${email}.` })).toBeVisible();
  await expect.poll(async () => (await verifyMailsTo(email)).length, { timeout: 20_000 }).toBe(2);

  // The newest link is the one that works.
  const mails = await verifyMailsTo(email);
  const links = mails.map((m) => /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(m.text ?? "")?.[0]);
  await page.goto(links[1]!);
  await expect(page.getByText("Email của bạn đã được xác nhận. Bạn có thể đăng nhập.")).toBeVisible();
});

test("sending the confirmation again is limited per address", async ({ page }) => {
  const email = `guilai-${Date.now().toString(36)}@example.test`;
  // No account is needed: the answer never tells whether an address is registered.
  await page.goto("/register");
  for (let i = 0; i < 3; i++) {
    const res = await page.request.post("/register", { form: { intent: "resend", email } });
    expect(res.status()).toBe(200);
  }
  const res = await page.request.post("/register", { form: { intent: "resend", email } });
  expect(res.status()).toBe(429);
  expect(await res.text()).toContain("Bạn đã yêu cầu gửi lại nhiều lần.");
  expect(
    (await page.request.post("/register", { form: { intent: "resend", email: "khong-phai-email" } })).status(),
  ).toBe(400);
});

import { expect, test } from "@playwright/test";
import { makeUser } from "#tests/support/kit.ts";
import { login } from "../support/auth.ts";
import { expectAccessible } from "../support/axe.ts";
import { e2eDb } from "../support/db.ts";
import { waitForMail } from "../support/mail.ts";

test("recovers a forgotten password by mail, then keeps a profile and signs out everywhere", async ({
  page,
  browser,
}) => {
  // Fixture: a verified account (registration has its own test); recovering it is what is tested.
  const user = await makeUser(e2eDb(), { email: `quen-${Date.now()}@example.test` });
  await page.goto("/login");
  await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await expectAccessible(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại" }).click();
  await expect(page.getByRole("status")).toContainText(`Nếu ${user.email} có tài khoản`);

  const mail = await waitForMail(user.email, /^Đặt lại mật khẩu$/);
  const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")![0];
  await page.goto(link);
  await expectAccessible(page);
  await page.getByLabel("Mật khẩu mới").fill("MatKhauMoi-2021");
  await page.getByLabel("Nhập lại mật khẩu").fill("MatKhauKhac-2021");
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await expect(page.getByText("Hai mật khẩu không khớp.")).toBeVisible();
  await page.getByLabel("Nhập lại mật khẩu").fill("MatKhauMoi-2021");
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await expect(page.getByRole("status")).toContainText("Đã đặt mật khẩu mới");
  // The link works once.
  await page.goto(link);
  await page.getByLabel("Mật khẩu mới").fill("MatKhauMoi-2022");
  await page.getByLabel("Nhập lại mật khẩu").fill("MatKhauMoi-2022");
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "không hợp lệ, đã dùng hoặc đã hết hạn" })).toBeVisible();

  await login(page, user.email, "MatKhauMoi-2021");
  await page.getByRole("link", { name: "Hồ sơ nhà báo" }).click();
  await expectAccessible(page);
  await page.getByLabel("Bút danh").fill("Hải Dũng\nPhạm Dũng");
  await page.getByLabel("Cơ quan báo chí").fill("Báo Hải Dương");
  await page.getByRole("button", { name: "Lưu hồ sơ" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu hồ sơ.");
  const profile = await e2eDb().profile.findUniqueOrThrow({ where: { userId: user.id } });
  expect(profile).toMatchObject({ penNames: ["Hải Dũng", "Phạm Dũng"], agency: "Báo Hải Dương" });

  // A second browser signed in too; "sign out everywhere" ends both sessions.
  const other = await browser.newContext({ locale: "vi-VN" });
  const otherPage = await other.newPage();
  await login(otherPage, user.email, "MatKhauMoi-2021");
  await page.goto("/account/security");
  await expectAccessible(page);
  await expect(page.getByText("Tài khoản đang đăng nhập trên 2 thiết bị/trình duyệt.")).toBeVisible();
  await page.getByRole("button", { name: "Đăng xuất khỏi mọi thiết bị" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await other.close();
});

import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "#prisma/seed-data.ts";

test("lets an admin read every mail in the outbox, and nobody else", async ({ page, browser }) => {
  // Fixture: a mail carrying a script (no template of the app can produce one; the sandboxed view is what is tested).
  await e2eDb().outboxMail.create({
    data: {
      to: "nguoinhan@example.test",
      subject: "Biên nhận tác phẩm BH-099",
      html: "<p>Xin chào <strong>Nguyễn Văn A</strong></p><script>parent.document.title='hacked'</script>",
      text: "Xin chào Nguyễn Văn A",
      template: "test/outbox",
      status: "SENT",
    },
  });
  await login(page, DEMO_USERS.admin, DEMO_PASSWORD);
  await page.goto("/admin/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hộp thư đi");
  const row = page.getByRole("row", { name: /Biên nhận tác phẩm BH-099/ });
  await expect(row).toContainText("nguoinhan@example.test");
  await expect(row).toContainText("Đã gửi");
  await expectAccessible(page);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Biên nhận tác phẩm BH-099");
  await expect(page.locator("pre")).toContainText("Xin chào Nguyễn Văn A");
  await expect(page.frameLocator("iframe").locator("strong")).toHaveText("Nguyễn Văn A");
  // The sandboxed preview cannot run the mail's script.
  await expect(page).not.toHaveTitle("hacked");
  // The preview is the mail's own HTML in a script-less sandbox axe cannot enter; the page
  // around it is checked.
  await expectAccessible(page, { exclude: ["iframe.mail-preview"] });
  // "Back" goes back to the outbox, not to the home page.
  await page.getByRole("link", { name: "Quay lại hộp thư đi" }).click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hộp thư đi");

  const other = await browser.newPage();
  await login(other, DEMO_USERS.journalists[1]!, DEMO_PASSWORD);
  const res = await other.goto("/admin/outbox");
  expect(res?.status()).toBe(403);
  await expect(other.getByRole("alert")).toContainText("không có quyền");
  await other.close();
});

test("shows failed mails on the dashboard and the outbox, and sends one again with 'Gửi lại'", async ({ page }) => {
  // Fixture: a mail that already used up its attempts (the retries themselves are an integration test).
  const mail = await e2eDb().outboxMail.create({
    data: {
      to: "hong-dia-chi@example.test",
      subject: "Thư mời giám khảo (thử gửi lại)",
      html: "<p>Mời</p>",
      text: "Mời",
      template: "judge/invitation",
      status: "FAILED",
      attempts: 10,
      lastError: "550 mailbox unavailable",
    },
  });
  await login(page, DEMO_USERS.admin, DEMO_PASSWORD);
  await page.goto("/admin");
  await expect(page.getByRole("status").filter({ hasText: "thư gửi thất bại" })).toBeVisible();
  await page.getByRole("link", { name: "Xem và gửi lại" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Thư gửi thất bại/ })).toBeVisible();
  const row = page.getByRole("row", { name: /Thư mời giám khảo \(thử gửi lại\)/ }).first();
  await expect(row).toContainText("550 mailbox unavailable");
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/outbox-failed-vi.png", fullPage: true });
  await row
    .getByRole("button", { name: "Gửi lại thư “Thư mời giám khảo (thử gửi lại)” tới hong-dia-chi@example.test" })
    .click();
  await expect(page.getByText("Đã đưa thư vào hàng đợi gửi lại.")).toBeVisible();
  const after = await e2eDb().outboxMail.findUniqueOrThrow({ where: { id: mail.id } });
  expect(after.status).not.toBe("FAILED");
  await page.screenshot({ path: "tests/.tmp/outbox-requeue.png", fullPage: true });
});

test("says the same in English", async ({ page }) => {
  // Fixture: a mail that used up its attempts, as above (the retries are an integration test).
  await e2eDb().outboxMail.create({
    data: {
      to: "bad@example.test",
      subject: "Judge invitation (failed)",
      html: "<p>x</p>",
      text: "x",
      template: "judge/invitation",
      status: "FAILED",
      attempts: 10,
      lastError: "550 no such user",
    },
  });
  await login(page, DEMO_USERS.admin, DEMO_PASSWORD);
  await page.getByRole("button", { name: "English" }).click();
  // The switch is a form post that sets the cookie: wait for it before navigating on.
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/admin");
  await expect(page.getByRole("status").filter({ hasText: "failed mails" })).toBeVisible();
  await page.getByRole("link", { name: "Review and send again" }).click();
  await expect(
    page.getByRole("button", { name: "Send “Judge invitation (failed)” to bad@example.test again" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/outbox-failed-en.png", fullPage: true });
});

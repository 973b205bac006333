import { expect, type Page } from "@playwright/test";
import { waitForMail } from "../support/mail.ts";
import { axeOnce, linkIn, type Person } from "./people.ts";

export interface Author { fullName: string; penName: string; agency: string }
export interface Part { title: string; publishedOn: string; url?: string; file?: string }

/** A journalist's own pages, Vietnamese labels. */
export class JournalistPages {
  constructor(readonly person: Person, readonly me: Author & { phone: string }) {}

  get page(): Page {
    return this.person.page;
  }

  /** Registers, follows the mail link, signs in and fills pen name and agency. */
  async signUp() {
    const { page } = this;
    await this.person.visit("/register");
    await page.getByLabel("Họ và tên", { exact: true }).fill(this.me.fullName);
    await page.getByLabel("Email", { exact: true }).fill(this.person.email);
    await page.getByLabel("Số điện thoại", { exact: true }).fill(this.me.phone);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(this.person.password);
    await page.getByLabel("Nhập lại mật khẩu", { exact: true }).fill(this.person.password);
    await page.getByLabel("Tôi đã đọc và đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân của tôi như trên.").check();
    await axeOnce(page);
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await expect(page.getByRole("heading", { name: "Kiểm tra hộp thư của bạn" })).toBeVisible();
    const mail = await waitForMail(this.person.email, /^Xác nhận địa chỉ email của bạn$/);
    await page.goto(linkIn(mail.text, /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/));
    await expect(page.getByText("Email của bạn đã được xác nhận. Bạn có thể đăng nhập.")).toBeVisible();
    await axeOnce(page);
    await this.person.login();
    await this.person.visit("/account/profile");
    await page.getByLabel("Bút danh").fill(this.me.penName);
    await page.getByLabel("Cơ quan báo chí").fill(this.me.agency);
    await page.getByRole("button", { name: "Lưu hồ sơ" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã lưu hồ sơ.");
    await axeOnce(page);
  }

  /** Starts an entry from "my entries", fills it and saves the draft. Returns the page at the draft. */
  async draft(e: {
    contestName: string; category: string; title: string; outlet: string; summary: string;
    parts: Part[]; coAuthors?: Author[];
  }) {
    const { page } = this;
    await this.person.visit("/me/entries");
    await axeOnce(page);
    await page.getByRole("link", { name: `Gửi tác phẩm dự ${e.contestName}`, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Tác phẩm dự thi mới" })).toBeVisible();
    await page.getByLabel("Thể loại", { exact: true }).selectOption({ label: e.category });
    await page.getByLabel("Tên tác phẩm", { exact: true }).fill(e.title);
    await page.getByLabel("Cơ quan đăng, phát (tên báo, đài, kênh)").fill(e.outlet);
    await page.getByLabel("Tóm tắt nội dung").fill(e.summary);
    if (e.parts.length > 1) {
      await page.getByLabel("Loạt bài (nhiều kỳ)").check();
      while ((await page.getByLabel(/^Ngày đăng, phát kỳ \d+$/).count()) < e.parts.length) {
        await page.getByRole("button", { name: "Thêm kỳ" }).click();
      }
    }
    for (const [i, p] of e.parts.entries()) {
      await page.getByLabel(`Tiêu đề kỳ ${i + 1}`, { exact: true }).fill(p.title);
      await page.getByLabel(`Ngày đăng, phát kỳ ${i + 1}`, { exact: true }).fill(p.publishedOn);
      if (p.url) await page.getByLabel(new RegExp(`^Đường dẫn \\(URL\\) kỳ ${i + 1}`)).fill(p.url);
    }
    // Author 1 is the journalist, filled from their profile (pen name and agency included).
    await expect(page.getByLabel("Họ và tên tác giả 1", { exact: true })).toHaveValue(this.me.fullName);
    await expect(page.getByLabel("Bút danh tác giả 1", { exact: true })).toHaveValue(this.me.penName);
    await expect(page.getByLabel("Cơ quan tác giả 1", { exact: true })).toHaveValue(this.me.agency);
    for (const [k, a] of (e.coAuthors ?? []).entries()) {
      const n = k + 2;
      await page.getByRole("button", { name: "Thêm đồng tác giả" }).click();
      await page.getByLabel(`Họ và tên tác giả ${n}`, { exact: true }).fill(a.fullName);
      await page.getByLabel(`Bút danh tác giả ${n}`, { exact: true }).fill(a.penName);
      await page.getByLabel(`Cơ quan tác giả ${n}`, { exact: true }).fill(a.agency);
    }
    if (e.coAuthors?.length) {
      await page.getByRole("button", { name: "Chia đều tỷ lệ" }).click();
      await expect(page.getByText("Tổng tỷ lệ: 100 %")).toBeVisible();
    }
    await page.getByLabel("Tôi cam kết tác phẩm là của chính (các) tác giả nêu trên, không sao chép, vi phạm bản quyền.").check();
    await page.getByRole("button", { name: "Lưu bản nháp" }).click();
    await expect(page.getByText("Đã lưu.")).toBeVisible();
    for (const [i, p] of e.parts.entries()) {
      if (!p.file) continue;
      const part = page.locator(".entry-part").nth(i);
      await part.getByLabel(`Chọn tệp cho kỳ ${i + 1}`).setInputFiles(p.file);
      await part.getByRole("button", { name: "Tải lên", exact: true }).click();
      await expect(part.getByRole("link", { name: p.file.split("/").pop()! })).toBeVisible({ timeout: 20_000 });
    }
    await expect(page.getByText("Tác phẩm đáp ứng mọi điều kiện của thể lệ và có thể nộp.")).toBeVisible();
    await axeOnce(page);
  }

  /** Submits the open draft; returns the entry code the app gives it. */
  async submit(): Promise<string> {
    const { page } = this;
    await page.getByRole("button", { name: "Nộp tác phẩm" }).click();
    const flash = page.getByRole("status").filter({ hasText: /Mã tác phẩm: [A-Z]+-\d{3}/ });
    await expect(flash).toBeVisible();
    return /[A-Z]+-\d{3}/.exec((await flash.textContent()) ?? "")![0];
  }
}

import { expect } from "@playwright/test";
import { axeOnce, type Person } from "./people.ts";
import { typedDate } from "./dates.ts";

/** The site administrator's page: create a contest, give it an organizer. */
export class AdminPages {
  constructor(readonly admin: Person) {}

  async createContest(c: {
    slug: string;
    name: string;
    nameEn: string;
    organizerName: string;
    start: string;
    end: string;
    deadline: string;
  }) {
    const page = await this.admin.visit("/admin");
    const create = page.locator("#create-contest");
    await create.getByLabel("Đường dẫn (slug)").fill(c.slug);
    await create.getByLabel("Tên (tiếng Việt)").fill(c.name);
    await create.getByLabel("Tên (tiếng Anh)").fill(c.nameEn);
    await create.getByLabel("Cơ quan tổ chức").fill(c.organizerName);
    await create.getByLabel("Đăng từ ngày").fill(typedDate(c.start));
    await create.getByLabel("Đăng đến ngày").fill(typedDate(c.end));
    await create.getByLabel("Hạn cuối nhận tác phẩm").fill(typedDate(c.deadline));
    // Two-step sign-in for organizers and judges has its own tests (issue 11); this contest's
    // judges sign in with a password, like the demo contest's.
    await create.getByLabel("Bắt buộc ban tổ chức và giám khảo xác thực hai bước").uncheck();
    await axeOnce(page);
    await create.getByRole("button", { name: "Tạo giải" }).click();
    await expect(page).toHaveURL(new RegExp(`/organizer/${c.slug}/settings$`));
  }

  async grantOrganizer(contestName: string, email: string) {
    const page = await this.admin.visit("/admin");
    const card = page.locator(".card", { has: page.getByRole("link", { name: contestName, exact: true }) });
    await card.getByLabel("Email người được thêm vào ban tổ chức").fill(email);
    await card.getByRole("button", { name: "Thêm" }).click();
    await expect(card).toContainText(email);
  }
}

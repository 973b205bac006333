import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { TEST_PASSWORD } from "#tests/support/kit.ts";
import { login } from "./auth.ts";
import { translator } from "./i18n.ts";
import { axeOnce, type Person } from "./people.ts";
import { typedDate } from "./dates.ts";

export interface Tier {
  name: string;
  nameEn: string;
  count: number;
  amount: number;
}
export interface MailedEntry {
  category: string;
  title: string;
  outlet: string;
  postmark: string;
  received: string;
  email: string;
  fullName: string;
  penName?: string;
  agency: string;
  parts: string;
}

async function openDetails(scope: Locator, summary: string): Promise<Locator> {
  const details = scope.locator("details", { has: scope.page().locator("summary", { hasText: summary }) }).last();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  return details;
}

/** Everything the organizer does, under /organizer/<slug>. */
export class OrganizerPages {
  constructor(
    readonly organizer: Person,
    readonly slug: string,
  ) {}

  get page(): Page {
    return this.organizer.page;
  }

  private visit(sub = "") {
    return this.organizer.visit(`/organizer/${this.slug}${sub}`);
  }

  async setRules(r: {
    theme: string;
    contactEmail: string;
    start: string;
    end: string;
    deadline: string;
    maxParts: number;
    maxAuthors: number;
  }) {
    const page = await this.visit("/settings");
    await page.getByLabel("Chủ đề (tiếng Việt)").fill(r.theme);
    await page.getByLabel("Email liên hệ").fill(r.contactEmail);
    await page.getByLabel("Đăng từ ngày").fill(typedDate(r.start));
    await page.getByLabel("Đăng đến ngày").fill(typedDate(r.end));
    await page.getByLabel("Hạn cuối nhận tác phẩm").fill(typedDate(r.deadline));
    await page.getByLabel("Múi giờ").fill("Asia/Ho_Chi_Minh");
    await page.getByLabel("Tính theo dấu bưu điện").check();
    await page.getByLabel("Số phần tối đa của một loạt bài").fill(String(r.maxParts));
    await page.getByLabel("Số tác giả tối đa của một tác phẩm").fill(String(r.maxAuthors));
    await page.getByLabel("Chấm kín (giám khảo không thấy tên tác giả)").check();
    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Đã lưu.");
    await axeOnce(page);
  }

  async addCategory(c: {
    code: string;
    prefix: string;
    name: string;
    nameEn: string;
    pdfMb?: number;
    audioMb?: number;
    tiers: Tier[];
  }) {
    const page = await this.visit("/categories");
    const form = page.getByRole("article", { name: "Nhóm giải mới" });
    await form.getByLabel("Mã nhóm giải").fill(c.code);
    await form.getByLabel("Tiền tố mã tác phẩm").fill(c.prefix);
    await form.getByLabel("Tên (tiếng Việt)").fill(c.name);
    await form.getByLabel("Tên (tiếng Anh)").fill(c.nameEn);
    if (c.pdfMb) await form.getByLabel("Văn bản PDF (MB)").fill(String(c.pdfMb));
    if (c.audioMb) await form.getByLabel("Âm thanh (MB)").fill(String(c.audioMb));
    await form.getByRole("button", { name: "Thêm nhóm giải" }).click();
    const card = page.getByRole("article", { name: new RegExp(`^${c.name} \\(${c.prefix}`) });
    await expect(card).toBeVisible();
    for (const [i, tier] of c.tiers.entries()) {
      const add = await openDetails(card, "Thêm mức giải");
      await add.getByLabel("Thứ tự").fill(String(i + 1));
      await add.getByLabel("Tên giải (tiếng Việt)").fill(tier.name);
      await add.getByLabel("Tên giải (tiếng Anh)").fill(tier.nameEn);
      await add.getByLabel("Số lượng").fill(String(tier.count));
      await add.getByLabel("Mức thưởng (đồng)").fill(String(tier.amount));
      await add.getByRole("button", { name: "Thêm mức giải" }).click();
      await expect(
        card.locator(".tier-form").filter({ has: page.getByRole("button", { name: "Xoá", exact: true }) }),
      ).toHaveCount(i + 1);
    }
    await axeOnce(page);
  }

  async addRound(r: {
    name: string;
    nameEn: string;
    /** Left out: the form's default (every eligible entry). */
    source?: "Mọi tác phẩm đủ điều kiện" | "Tác phẩm vào vòng từ vòng trước";
    minJudges?: number;
    /** How many judges score each entry (empty: the minimum). */
    judgesPerEntry?: number;
    /** Left out: the form's default (no advancement). */
    advancement?: "Không xét vào vòng sau" | "N tác phẩm điểm cao nhất mỗi nhóm";
    topN?: number;
    isFinal: boolean;
    criteria: { name: string; nameEn: string; max: number; weight: number }[];
  }) {
    const page = await this.visit("/rounds");
    const form = page.getByRole("article", { name: "Vòng chấm mới" });
    await form.getByLabel("Tên vòng (tiếng Việt)").fill(r.name);
    await form.getByLabel("Tên vòng (tiếng Anh)").fill(r.nameEn);
    if (r.source) await form.getByLabel("Tác phẩm vào vòng").selectOption({ label: r.source });
    if (r.minJudges) await form.getByLabel("Số giám khảo tối thiểu mỗi tác phẩm").fill(String(r.minJudges));
    if (r.judgesPerEntry) await form.getByLabel("Số giám khảo chấm mỗi tác phẩm").fill(String(r.judgesPerEntry));
    if (r.advancement) await form.getByLabel("Điều kiện vào vòng sau").selectOption({ label: r.advancement });
    if (r.topN) await form.getByLabel("N (số tác phẩm mỗi nhóm)").fill(String(r.topN));
    if (r.isFinal) await form.getByLabel("Vòng chung khảo (quyết định giải)").check();
    await form.getByRole("button", { name: "Thêm vòng chấm" }).click();
    const round = page.getByRole("article", { name: r.name, exact: true });
    await expect(round).toBeVisible();
    for (const [i, c] of r.criteria.entries()) {
      const scope = i === 0 ? round : await openDetails(round, "Thêm tiêu chí");
      await scope.getByLabel("Tiêu chí (tiếng Việt)").last().fill(c.name);
      await scope.getByLabel("Tiêu chí (tiếng Anh)").last().fill(c.nameEn);
      await scope.getByLabel("Điểm tối đa").last().fill(String(c.max));
      await scope.getByLabel("Hệ số").last().fill(String(c.weight));
      await scope.getByRole("button", { name: "Thêm tiêu chí" }).last().click();
      await expect(round.getByLabel("Tiêu chí (tiếng Việt)").nth(i)).toHaveValue(c.name);
    }
    await axeOnce(page);
  }

  /** A phase button on the overview ("Mở nhận tác phẩm", "Đóng nhận tác phẩm", "Bắt đầu chấm"). */
  async changePhase(button: string, phase: string) {
    const page = await this.visit("");
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByRole("status")).toContainText(`Đã chuyển giải sang giai đoạn: ${phase}`);
    await axeOnce(page);
  }

  async registerMailed(e: MailedEntry): Promise<string> {
    const page = await this.visit("/mailed");
    const form = page.locator("form", { has: page.getByRole("button", { name: "Vào sổ" }) });
    await form.getByLabel("Nhóm giải", { exact: true }).selectOption({ label: e.category });
    await form.getByLabel("Tên tác phẩm").fill(e.title);
    await form.getByLabel("Cơ quan/kênh đăng").fill(e.outlet);
    await form.getByLabel("Ngày dấu bưu điện").fill(e.postmark);
    await form.getByLabel("Ngày nhận").fill(e.received);
    await form.getByLabel("Email tác giả").fill(e.email);
    await form.getByLabel("Họ và tên").fill(e.fullName);
    if (e.penName) await form.getByLabel("Bút danh").fill(e.penName);
    await form.getByLabel("Cơ quan báo chí").fill(e.agency);
    await form.getByLabel("Ngày đăng và đường dẫn").fill(e.parts);
    await form.getByRole("button", { name: "Vào sổ" }).click();
    const done = page.getByRole("status").filter({ hasText: "Đã vào sổ tác phẩm" });
    await expect(done).toBeVisible();
    await axeOnce(page);
    return /[A-Z]+-\d{3}/.exec((await done.textContent()) ?? "")![0];
  }

  /** The web CSV import (the same checks as `npm run award -- import-entries`); returns what it says. */
  async importMailedCsv(name: string, csv: string): Promise<Locator> {
    const page = await this.visit("/mailed");
    await page.getByLabel("Tệp CSV").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
    const answer = page
      .getByRole("alert")
      .or(page.getByRole("status"))
      .filter({ hasText: /Tệp có|Đã nhập/ });
    await expect(answer).toBeVisible();
    await axeOnce(page);
    return answer;
  }

  async markEligible(codes: string[]) {
    const page = await this.visit("/entries");
    for (const code of codes) await page.getByRole("checkbox", { name: `Chọn ${code}` }).check();
    await page.getByRole("button", { name: "Đủ điều kiện", exact: true }).click();
    await expect(page.getByRole("status")).toContainText(`Đã cập nhật ${codes.length} tác phẩm`);
    await axeOnce(page);
  }

  async markIneligible(code: string, reason: string) {
    const page = await this.visit("/entries");
    await page.getByRole("link", { name: code, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
    await axeOnce(page);
    await page.getByLabel("Lý do").fill(reason);
    await page.getByRole("button", { name: "Không đủ điều kiện" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã lưu quyết định và gửi thư cho người nộp.");
  }

  async inviteJudge(j: { email: string; name: string; agency: string }) {
    const page = await this.visit("/judges");
    const form = page.locator("form", { has: page.getByRole("button", { name: "Gửi lời mời" }) });
    await form.getByLabel("Email").fill(j.email);
    await form.getByLabel("Họ và tên").fill(j.name);
    await form.getByLabel("Cơ quan báo chí").fill(j.agency);
    await form.getByRole("button", { name: "Gửi lời mời" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã gửi lời mời.");
    await axeOnce(page);
  }

  /** Generates the round's assignments and returns the result panel. */
  async generateAssignments(roundName: string): Promise<Locator> {
    const page = await this.visit("/assignments");
    await page.getByLabel("Vòng chấm").selectOption({ label: new RegExp(roundName).source });
    await page.getByRole("button", { name: "Xem" }).click();
    await page.getByRole("button", { name: "Tạo phân công" }).click();
    const result = page.getByRole("status").filter({ hasText: "Kết quả phân công" });
    await expect(result).toBeVisible();
    await axeOnce(page);
    return result;
  }

  async roundPage(n: number): Promise<Page> {
    const page = await this.visit(`/rounds/${n}`);
    await axeOnce(page);
    return page;
  }

  /** Opens a round from its page: "Mở vòng chấm" shows the checklist, then it is confirmed. Returns the checklist. */
  async openRound(n: number): Promise<{ checklist: string; done: string }> {
    const page = await this.roundPage(n);
    await page.getByRole("button", { name: "Mở vòng chấm" }).click();
    const confirm = page.getByRole("button", { name: "Xác nhận mở vòng" });
    await expect(confirm).toBeVisible();
    await axeOnce(page);
    const checklist = await page.locator("ul.checklist").innerText();
    await confirm.click();
    const done = page.getByRole("status").filter({ hasText: "Đã mở vòng chấm." });
    await expect(done).toBeVisible();
    return { checklist, done: (await done.textContent()) ?? "" };
  }

  /** Closes a round: "Đóng vòng" shows what will happen, then it is confirmed. Returns that plan. */
  async closeRound(n: number): Promise<string> {
    const page = await this.roundPage(n);
    await page.getByRole("button", { name: "Đóng vòng", exact: true }).click();
    const confirm = page.getByRole("button", { name: "Xác nhận đóng vòng" });
    await expect(confirm).toBeVisible();
    const plan = await page.getByRole("region", { name: "Xác nhận đóng vòng" }).innerText();
    await axeOnce(page);
    const ack = page.getByLabel("Tôi đã xem danh sách tác phẩm thiếu giám khảo");
    if (await ack.count()) await ack.check();
    await confirm.click();
    await expect(page.getByText("Đã đóng vòng chấm.")).toBeVisible();
    return plan;
  }

  async results(): Promise<Page> {
    return this.visit("/results");
  }
}

/**
 * Opens a round as its organizer would, in a browser context of their own: the round page's
 * open button, then the confirmation. Never by writing the round's status.
 */
export async function openRoundAsOrganizer(
  browser: Browser,
  f: { contest: { slug: string }; organizer: { email: string } },
  position = 1,
) {
  const t = translator("vi");
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, f.organizer.email, TEST_PASSWORD);
  await page.goto(`/organizer/${f.contest.slug}/rounds/${position}`);
  await page.getByRole("button", { name: t("results:roundLife.open") }).click();
  await page.getByRole("button", { name: t("results:roundLife.confirmOpen") }).click();
  await expect(
    page.getByText(new RegExp(`^${t("results:roundLife.opened", { count: 0 }).split(".")[0]}\\.`)),
  ).toBeVisible();
  await ctx.close();
}

import { expect, type Page, type Response } from "@playwright/test";
import { waitForMail } from "../support/mail.ts";
import { axeOnce, linkIn, type Person } from "./people.ts";

/**
 * A judge's pages. Every response the judge's browser gets from /judge (HTML documents,
 * single-fetch `.data`, evidence files) is recorded, so the test can prove afterwards that none
 * of them named an author.
 */
export class JudgePages {
  readonly seen: { url: string; body: string; disposition: string }[] = [];
  private pending: Promise<void>[] = [];

  constructor(readonly person: Person) {
    person.page.on("response", (res: Response) => {
      const url = new URL(res.url());
      if (!url.pathname.startsWith("/judge")) return;
      this.pending.push(
        res.body().then(
          (b) => void this.seen.push({ url: url.pathname + url.search, body: b.toString("utf8"), disposition: res.headers()["content-disposition"] ?? "" }),
          () => undefined, // redirects and aborted media requests have no body
        ),
      );
    });
  }

  get page(): Page {
    return this.person.page;
  }

  async acceptInvitation(name: string) {
    const mail = await waitForMail(this.person.email, /Mời tham gia Hội đồng giám khảo/);
    const page = await this.person.visit(linkIn(mail.text, /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/));
    await expect(page.getByText(`Kính chào ${name}`)).toBeVisible();
    await axeOnce(page);
    await page.getByLabel("Mật khẩu mới").fill(this.person.password);
    await page.getByLabel("Nhập lại mật khẩu").fill(this.person.password);
    await page.getByRole("button", { name: "Đặt mật khẩu và nhận lời mời" }).click();
    await expect(page).toHaveURL(/\/account$/);
  }

  async home(): Promise<Page> {
    const page = await this.person.visit("/judge");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chấm giải");
    await axeOnce(page);
    return page;
  }

  /** Codes listed under a round on /judge. */
  async codesIn(roundName: string): Promise<string[]> {
    const page = await this.home();
    const section = page.locator("section.judge-round", { has: page.getByRole("heading", { name: new RegExp(`^${roundName}`) }) });
    return (await section.locator("tbody tr td:first-child").allTextContents()).map((s) => s.trim()).sort();
  }

  /** Opens each entry from the list and submits a sheet (values per criterion, in rubric order). */
  async score(roundName: string, sheets: Record<string, number[]>) {
    for (const [code, values] of Object.entries(sheets)) {
      const page = await this.home();
      const section = page.locator("section.judge-round", { has: page.getByRole("heading", { name: new RegExp(`^${roundName}`) }) });
      await section.getByRole("row", { name: new RegExp(code) }).getByRole("link").click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
      await axeOnce(page);
      await this.fetchEvidence();
      // The page's own single-fetch data, as a client-side navigation would load it.
      await page.request.get(`${new URL(page.url()).pathname}.data`).then(async (res) => {
        this.seen.push({ url: `${new URL(page.url()).pathname}.data`, body: await res.text(), disposition: "" });
      });
      const inputs = page.getByRole("textbox", { name: /^\d\. / });
      await expect(inputs).toHaveCount(values.length);
      for (const [i, v] of values.entries()) await inputs.nth(i).fill(String(v).replace(".", ","));
      await page.getByLabel("Nhận xét").fill(`Nhận xét cho ${code}`);
      await page.getByRole("button", { name: "Nộp điểm (khoá phiếu)" }).click();
      await expect(page.getByText("Phiếu chấm đã nộp và bị khoá.")).toBeVisible();
    }
  }

  /** Fetches an evidence file as the judge's browser would (it streams from /judge/files). */
  async fetchEvidence() {
    const page = this.page;
    for (const href of await page.locator("a[href^='/judge/files/'], [src^='/judge/files/']").evaluateAll((els) =>
      els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? ""),
    )) {
      const res = await page.request.get(href);
      expect(res.status(), href).toBeLessThan(300);
      this.seen.push({ url: href, body: (await res.body()).toString("latin1"), disposition: res.headers()["content-disposition"] ?? "" });
    }
  }

  /** Nothing the judge received names an author, a pen name, an agency or a file's original name. */
  async expectBlind(secrets: string[]) {
    await Promise.all(this.pending);
    expect(this.seen.length).toBeGreaterThan(0);
    for (const r of this.seen) {
      for (const s of secrets) {
        expect(r.body, `${r.url} must not contain "${s}"`).not.toContain(s);
        expect(r.disposition, `${r.url} must not be named "${s}"`).not.toContain(s);
      }
    }
  }
}

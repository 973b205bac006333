import { expect, type Page, type Response } from "@playwright/test";
import { waitForMail } from "./mail.ts";
import { eitherPrefix, exact } from "./i18n.ts";
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
          (b) =>
            void this.seen.push({
              url: url.pathname + url.search,
              body: b.toString("utf8"),
              disposition: res.headers()["content-disposition"] ?? "",
            }),
          () => undefined, // redirects and aborted media requests have no body
        ),
      );
    });
  }

  get page(): Page {
    return this.person.page;
  }

  async acceptInvitation(name: string) {
    const { t } = this.person;
    const mail = await waitForMail(
      this.person.email,
      eitherPrefix("mail:judgeInvitation.subject", { contestName: "" }),
    );
    const page = await this.person.visit(linkIn(mail.text, /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/));
    await expect(page.getByText(t("organizer:invite.welcome", { name, contest: "" }).split(",")[0]!)).toBeVisible();
    await axeOnce(page);
    await page.getByLabel(t("organizer:invite.password")).fill(this.person.password);
    await page.getByLabel(t("organizer:invite.confirm")).fill(this.person.password);
    await page.getByRole("button", { name: t("organizer:invite.accept") }).click();
    await expect(page).toHaveURL(/\/account$/);
  }

  async home(): Promise<Page> {
    const { t } = this.person;
    const page = await this.person.visit("/judge");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("judging:homeTitle"));
    await axeOnce(page);
    return page;
  }

  private round(page: Page, roundName: string) {
    return page.locator("section.judge-round", {
      has: page.getByRole("heading", { name: new RegExp(`^${roundName}`) }),
    });
  }

  /** Codes listed under a round on /judge. */
  async codesIn(roundName: string): Promise<string[]> {
    const page = await this.home();
    return (await this.round(page, roundName).locator("tbody tr td:first-child").allTextContents())
      .map((s) => s.trim())
      .sort();
  }

  /**
   * Scores a round as a judge works through it: open an entry from the list, submit its sheet
   * (values per criterion, in rubric order), go on with "next entry" while there is one to do.
   */
  async score(roundName: string, sheets: Record<string, number[]>) {
    const { t } = this.person;
    const todo = new Set(Object.keys(sheets));
    const page = this.page;
    const openFromList = async () => {
      await this.home();
      await this.round(page, roundName)
        .getByRole("row", { name: new RegExp([...todo][0]!) })
        .getByRole("link")
        .click();
    };
    await openFromList();
    while (todo.size) {
      const heading = page.getByRole("heading", { level: 1 });
      await expect(heading).toContainText(/[A-Z]+-\d{3}/);
      const code = /[A-Z]+-\d{3}/.exec((await heading.textContent()) ?? "")![0];
      if (!todo.has(code)) {
        await openFromList();
        continue;
      }
      await axeOnce(page);
      await this.fetchEvidence();
      // The page's own single-fetch data, as a client-side navigation would load it.
      const dataUrl = `${new URL(page.url()).pathname}.data`;
      this.seen.push({ url: dataUrl, body: await (await page.request.get(dataUrl)).text(), disposition: "" });
      const inputs = page.getByRole("textbox", { name: /^\d\. / });
      const values = sheets[code]!;
      await expect(inputs).toHaveCount(values.length);
      for (const [i, v] of values.entries()) await inputs.nth(i).fill(String(v));
      await page.getByLabel(exact(t("judging:comment"))).fill(`${code}: ${this.person.email}`);
      await page.getByRole("button", { name: t("judging:submit") }).click();
      await expect(page.getByText(t("judging:locked"))).toBeVisible();
      todo.delete(code);
      if (!todo.size) break;
      const next = page.getByRole("link", { name: t("judging:next") });
      if (await next.count()) {
        const before = page.url();
        await next.click();
        await expect(page).not.toHaveURL(before);
      } else await openFromList();
    }
  }

  /** Fetches an evidence file as the judge's browser would (it streams from /judge/files). */
  async fetchEvidence() {
    const page = this.page;
    for (const href of await page
      .locator("a[href^='/judge/files/'], [src^='/judge/files/']")
      .evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? ""))) {
      const res = await page.request.get(href);
      expect(res.status(), href).toBeLessThan(300);
      this.seen.push({
        url: href,
        body: (await res.body()).toString("latin1"),
        disposition: res.headers()["content-disposition"] ?? "",
      });
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

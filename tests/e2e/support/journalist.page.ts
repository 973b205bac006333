import { expect, type Page } from "@playwright/test";
import { waitForMail } from "./mail.ts";
import { exact } from "./i18n.ts";
import { axeOnce, linkIn, type Person } from "./people.ts";
import { typedDate } from "./dates.ts";

export interface Author {
  fullName: string;
  penName: string;
  agency: string;
}
export interface Part {
  title: string;
  publishedOn: string;
  url?: string;
  file?: string;
}

/** A journalist's own pages, in the person's language (labels from the app's message files). */
export class JournalistPages {
  constructor(
    readonly person: Person,
    readonly me: Author & { phone: string },
  ) {}

  get page(): Page {
    return this.person.page;
  }

  /** Registers, follows the mail link, signs in and fills pen name and agency. */
  async signUp() {
    const { page, t } = this.person;
    await this.person.visit("/register");
    await page.getByLabel(exact(t("account:name"))).fill(this.me.fullName);
    await page.getByLabel(exact(t("account:email"))).fill(this.person.email);
    await page.getByLabel(exact(t("account:phone"))).fill(this.me.phone);
    await page.getByLabel(exact(t("account:password"))).fill(this.person.password);
    await page.getByLabel(exact(t("account:confirm"))).fill(this.person.password);
    await page.getByLabel(t("account:consentLabel")).check();
    await axeOnce(page);
    await page.getByRole("button", { name: t("account:submitRegister") }).click();
    await expect(page.getByRole("heading", { name: t("account:registeredTitle") })).toBeVisible();
    const mail = await waitForMail(this.person.email, exact(t("mail:verifyEmail.subject")));
    await page.goto(linkIn(mail.text, /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/));
    await expect(page.getByText(t("account:verified"))).toBeVisible();
    await axeOnce(page);
    await this.person.login();
    await this.person.visit("/account/profile");
    await page.getByLabel(exact(t("account:penNames"))).fill(this.me.penName);
    await page.getByLabel(exact(t("account:agency"))).fill(this.me.agency);
    await page.getByRole("button", { name: t("account:saveProfile") }).click();
    await expect(page.getByRole("status")).toHaveText(t("account:profileSaved"));
    await axeOnce(page);
  }

  /** Starts an entry from "my entries", fills it, saves the draft and uploads its files. */
  async draft(e: {
    contestName: string;
    category: string;
    title: string;
    outlet: string;
    summary: string;
    parts: Part[];
    coAuthors?: Author[];
  }) {
    const { page, t } = this.person;
    await this.person.visit("/me/entries");
    await axeOnce(page);
    await page.getByRole("link", { name: t("entry:enterContest", { contest: e.contestName }), exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: t("entry:newEntry") })).toBeVisible();
    await page.getByLabel(exact(t("entry:category"))).selectOption({ label: e.category });
    await page.getByLabel(exact(t("entry:title"))).fill(e.title);
    await page.getByLabel(exact(t("entry:outlet"))).fill(e.outlet);
    await page.getByLabel(exact(t("entry:summary"))).fill(e.summary);
    if (e.parts.length > 1) {
      await page.getByLabel(t("entry:kindSeries")).check();
      while ((await page.locator(".entry-part").count()) < e.parts.length) {
        await page.getByRole("button", { name: t("entry:addPart") }).click();
      }
    }
    for (const [i, p] of e.parts.entries()) {
      await page.getByLabel(exact(t("entry:partTitle", { n: i + 1 }))).fill(p.title);
      await page.getByLabel(exact(t("entry:publishedOn", { n: i + 1 }))).fill(typedDate(p.publishedOn));
      if (p.url) await page.getByLabel(t("entry:url", { n: i + 1 })).fill(p.url);
    }
    // Author 1 is the journalist, filled from their profile (pen name and agency included).
    await expect(page.getByLabel(exact(t("entry:fullName", { n: 1 })))).toHaveValue(this.me.fullName);
    await expect(page.getByLabel(exact(t("entry:penName", { n: 1 })))).toHaveValue(this.me.penName);
    await expect(page.getByLabel(exact(t("entry:agency", { n: 1 })))).toHaveValue(this.me.agency);
    for (const [k, a] of (e.coAuthors ?? []).entries()) {
      const n = k + 2;
      await page.getByRole("button", { name: t("entry:addAuthor") }).click();
      await page.getByLabel(exact(t("entry:fullName", { n }))).fill(a.fullName);
      await page.getByLabel(exact(t("entry:penName", { n }))).fill(a.penName);
      await page.getByLabel(exact(t("entry:agency", { n }))).fill(a.agency);
    }
    if (e.coAuthors?.length) {
      await page.getByRole("button", { name: t("entry:splitEvenly") }).click();
      await expect(page.getByText(t("entry:sharesTotal", { total: 100 }))).toBeVisible();
    }
    await page.getByLabel(t("entry:declaredOriginal")).check();
    await page.getByRole("button", { name: t("entry:saveDraft") }).click();
    await expect(page.getByText(t("entry:saved"))).toBeVisible();
    for (const [i, p] of e.parts.entries()) {
      if (!p.file) continue;
      const part = page.locator(".entry-part").nth(i);
      await part.getByLabel(t("entry:chooseFile", { n: i + 1 })).setInputFiles(p.file);
      await part.getByRole("button", { name: exact(t("entry:upload")) }).click();
      await expect(part.getByRole("link", { name: p.file.split("/").pop()! })).toBeVisible({ timeout: 20_000 });
    }
    await expect(page.getByText(t("entry:allGood"))).toBeVisible();
    await axeOnce(page);
  }

  /** Submits the open draft; returns the entry code the app gives it. */
  async submit(): Promise<string> {
    const { page, t } = this.person;
    await page.getByRole("button", { name: t("entry:submit") }).click();
    const flash = page.getByRole("status").filter({ hasText: /[A-Z]+-\d{3}/ });
    await expect(flash).toBeVisible();
    await expect(page.getByText(t("entry:statuses.SUBMITTED")).first()).toBeVisible();
    return /[A-Z]+-\d{3}/.exec((await flash.textContent()) ?? "")![0];
  }
}

import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { login } from "./auth.ts";
import { translator, type Locale } from "./i18n.ts";

const checked = new Set<string>();

/**
 * axe once per kind of page (path with ids and codes folded): the rehearsal visits the same
 * organizer pages many times, and a full scan costs seconds on a 2-core CI machine.
 */
export async function axeOnce(page: Page): Promise<void> {
  const key = new URL(page.url()).pathname
    .split("/")
    .map((seg) => (/\d/.test(seg) && seg.length > 3 ? ":id" : seg))
    .join("/");
  if (checked.has(key)) return;
  checked.add(key);
  await expectAccessible(page);
}

/** One person at their own browser: a context of their own, so sessions never mix. */
export class Person {
  locale: Locale = "vi";
  t = translator("vi");

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly email: string,
    readonly password: string,
  ) {}

  static async open(browser: Browser, email: string, password: string): Promise<Person> {
    const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
    return new Person(context, await context.newPage(), email, password);
  }

  /** Switches the site to English with the header's language button, as a visitor would. */
  async useEnglish(): Promise<void> {
    await this.page.goto("/");
    await this.page.getByRole("button", { name: /English/ }).click();
    await expect(this.page.locator("html")).toHaveAttribute("lang", "en");
    this.locale = "en";
    this.t = translator("en");
  }

  /**
   * Signs in through the login form (in either language), with the two-step code for an enrolled
   * account. Codes follow the real clock: sign in before the server's clock is moved.
   */
  async login(totpSecret?: string): Promise<void> {
    await login(this.page, this.email, this.password, totpSecret);
  }

  /** Goes to a page (the page objects run axe once the page shows what it is for). */
  async visit(path: string): Promise<Page> {
    await this.page.goto(path);
    return this.page;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Pulls a link out of a mail's text part. */
export function linkIn(text: string | undefined, pattern: RegExp): string {
  const link = pattern.exec(text ?? "")?.[0];
  expect(link, `link ${pattern} in the mail`).toBeTruthy();
  return link!;
}

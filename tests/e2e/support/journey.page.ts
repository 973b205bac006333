/**
 * Page object for the journalist's journey, in either language: labels come from the app's
 * own message files so the test reads what a person reads.
 */
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { waitForMail } from "./mail.ts";
import { e2eDb } from "./db.ts";
import { makeContest } from "#tests/support/kit.ts";
import { addDays, formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { typedDate } from "./dates.ts";
import { exact, translator, type Locale } from "./i18n.ts";
import type { TFunction } from "i18next";

/** The banner's "time left" words up to the day count, in the page's language, with `days` as a pattern. */
function daysLeft(t: TFunction, days: string): RegExp {
  const s = t("entry:deadlineBanner", { deadline: "", days: "\u0001", hours: "\u0002", minutes: "" });
  const part = s.slice(s.lastIndexOf(". ", s.indexOf("\u0001")) + 2, s.indexOf("\u0002")).trim();
  return new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\u0001", days));
}

/**
 * An open contest whose window and deadline surround today (the demo's are in 2021). Database
 * fixture: setting up a contest is the organizer e2e tests' job, not what the journalist tests exercise.
 */
export async function openContestFixture(name: string) {
  const today = toIsoDate(new Date());
  const contest = await makeContest(e2eDb(), {
    slug: `e2e-${randomBytes(4).toString("hex")}`,
    name,
    publicationStart: addDays(today, -300),
    publicationEnd: addDays(today, -5),
    deadline: addDays(today, 20),
    categories: ["print", "tv"],
  });
  return {
    ...contest,
    name,
    window: [addDays(today, -300), addDays(today, -5)] as [string, string],
    deadline: addDays(today, 20),
    partDates: [addDays(today, -60), addDays(today, -53), addDays(today, -46)],
  };
}

/** Hides the fixture contest again so later tests see only the demo (audit rows keep it). Teardown, not a user step. */
export async function hideContest(id: string) {
  await e2eDb().contest.update({ where: { id }, data: { phase: "DRAFT" } });
}

export class JournalistJourney {
  readonly t;
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {
    this.t = translator(locale);
  }

  async register(person: { name: string; email: string; phone: string; password: string }) {
    const { page, t } = this;
    await page.goto("/register");
    await expectAccessible(page);
    await page.getByLabel(exact(t("account:name"))).fill(person.name);
    await page.getByLabel(exact(t("account:email"))).fill(person.email);
    await page.getByLabel(exact(t("account:phone"))).fill(person.phone);
    await page.getByLabel(exact(t("account:password"))).fill(person.password);
    await page.getByLabel(exact(t("account:confirm"))).fill(person.password);
    // Consent is required: the form says so before anything is sent.
    await page.getByRole("button", { name: t("account:submitRegister") }).click();
    await expect(page.getByText(t("account:v.consent"))).toBeVisible();
    await page.getByLabel(t("account:consentLabel")).check();
    await page.getByRole("button", { name: t("account:submitRegister") }).click();
    await expect(page.getByRole("heading", { name: t("account:registeredTitle") })).toBeVisible();
    await expectAccessible(page);
  }

  async verifyByMail(email: string) {
    const { page, t } = this;
    const mail = await waitForMail(email, exact(t("mail:verifyEmail.subject")));
    const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
    expect(link, "verification link in the mail").toBeTruthy();
    await page.goto(link!);
    await expect(page.getByText(t("account:verified"))).toBeVisible();
    await expectAccessible(page);
  }

  async login(email: string, password: string) {
    const { page, t } = this;
    await page.goto("/login");
    await page.getByLabel(exact(t("auth:email"))).fill(email);
    await page.getByLabel(exact(t("auth:password"))).fill(password);
    await page.getByRole("button", { name: exact(t("auth:submitLogin")) }).click();
    await expect(page).toHaveURL(/\/account$/);
  }

  async startEntry(contestName: string, deadline: string) {
    const { page, t } = this;
    await page.goto("/me/entries");
    await expect(page.getByText(t("entry:noEntries"))).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: t("entry:enterContest", { contest: contestName }), exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: t("entry:newEntry") })).toBeVisible();
    // The banner states the deadline day in Vietnam time and the time left.
    await expect(page.locator(".deadline-banner")).toContainText(formatIsoDate(deadline));
    await expect(page.locator(".deadline-banner")).toContainText(daysLeft(t, "(19|20)"));
  }

  async fillTvSeries(o: {
    dates: string[];
    coAuthor: string;
    categoryName: string;
    outsideDate: string;
    window: [string, string];
  }) {
    const { page, t } = this;
    await page.getByLabel(exact(t("entry:category"))).selectOption({ label: o.categoryName });
    await page.getByLabel(exact(t("entry:title"))).fill("Hải Dương vượt khó – tăng tốc");
    await page.getByLabel(exact(t("entry:outlet"))).fill("Đài PT-TH Hải Dương");
    await page.getByLabel(exact(t("entry:summary"))).fill("Loạt phóng sự ba kỳ về phục hồi sản xuất.");
    await page.getByLabel(t("entry:kindSeries")).check();
    await page.getByRole("button", { name: t("entry:addPart") }).click();
    for (const [i, date] of o.dates.entries()) {
      await page.getByLabel(exact(t("entry:partTitle", { n: i + 1 }))).fill(`${t("entry:part", { n: i + 1 })}`);
      await page.getByLabel(exact(t("entry:publishedOn", { n: i + 1 }))).fill(typedDate(date));
    }
    // A date outside the window is flagged as it is typed, naming the rule.
    await page.getByLabel(exact(t("entry:publishedOn", { n: 3 }))).fill(typedDate(o.outsideDate));
    const windowRule = t("entry:rule.window", {
      part: 3,
      date: formatIsoDate(o.outsideDate),
      start: formatIsoDate(o.window[0]),
      end: formatIsoDate(o.window[1]),
    });
    await expect(page.getByText(windowRule).first()).toBeVisible();
    await page.getByLabel(exact(t("entry:publishedOn", { n: 3 }))).fill(typedDate(o.dates[2]!));
    await page.getByRole("button", { name: t("entry:addAuthor") }).click();
    await page.getByLabel(exact(t("entry:fullName", { n: 2 }))).fill(o.coAuthor);
    await page.getByLabel(exact(t("entry:penName", { n: 2 }))).fill("Thu Trang");
    await page.getByLabel(exact(t("entry:agency", { n: 2 }))).fill("Đài PT-TH Hải Dương");
    await page.getByLabel(exact(t("entry:share", { n: 1 }))).fill("70");
    await expect(page.getByText(t("entry:sharesTotal", { total: 120 }))).toBeVisible();
    await page.getByLabel(exact(t("entry:share", { n: 2 }))).fill("30");
    await expect(page.getByText(t("entry:sharesTotal", { total: 100 }))).toBeVisible();
    await page.getByLabel(t("entry:declaredOriginal")).check();
    await expectAccessible(page);
    await page.getByRole("button", { name: t("entry:saveDraft") }).click();
    await expect(page.getByText(t("entry:saved"))).toBeVisible();
  }

  async uploadVideos(files: string[]) {
    const { page, t } = this;
    for (const [i, file] of files.entries()) {
      const part = page.locator(".entry-part").nth(i);
      await part.getByLabel(t("entry:chooseFile", { n: i + 1 })).setInputFiles(file);
      await part.getByRole("button", { name: exact(t("entry:upload")) }).click();
      await expect(part.getByRole("link", { name: file.split("/").pop()! })).toBeVisible({ timeout: 20_000 });
    }
    await expect(page.getByText(t("entry:allGood"))).toBeVisible();
    await expectAccessible(page);
  }

  async submit(): Promise<string> {
    const { page, t } = this;
    await page.getByRole("button", { name: t("entry:submit") }).click();
    const flash = page.getByRole("status").filter({ hasText: /BH-\d{3}/ });
    await expect(flash).toBeVisible();
    const code = /BH-\d{3}/.exec((await flash.textContent()) ?? "")![0];
    await expect(page.getByText(t("entry:statuses.SUBMITTED")).first()).toBeVisible();
    return code;
  }

  async editTitle(title: string) {
    const { page, t } = this;
    await page.getByLabel(exact(t("entry:title"))).fill(title);
    await page.getByRole("button", { name: t("entry:saveChanges") }).click();
    await expect(page.getByText(t("entry:saved"))).toBeVisible();
    await expect(page.getByLabel(exact(t("entry:title")))).toHaveValue(title);
  }

  async withdraw() {
    const { page, t } = this;
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: t("entry:withdraw") }).click();
    await expect(page.getByText(t("entry:withdrawn"))).toBeVisible();
    await expect(page.getByText(t("entry:withdrawnState"))).toBeVisible();
    await expect(page.getByLabel(exact(t("entry:title")))).toBeDisabled();
    await expectAccessible(page);
  }
}

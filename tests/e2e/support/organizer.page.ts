import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { TEST_PASSWORD } from "#tests/support/kit.ts";
import { login } from "./auth.ts";
import { pattern, translator, type Locale } from "./i18n.ts";
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
    const { t } = this.organizer;
    const page = await this.visit("/settings");
    await page.getByLabel(t("organizer:fields.themeVi")).fill(r.theme);
    await page.getByLabel(t("organizer:fields.organizerEmail")).fill(r.contactEmail);
    await page.getByLabel(t("organizer:fields.publicationStart")).fill(typedDate(r.start));
    await page.getByLabel(t("organizer:fields.publicationEnd")).fill(typedDate(r.end));
    await page.getByLabel(t("organizer:fields.submissionDeadline")).fill(typedDate(r.deadline));
    await page.getByLabel(t("organizer:fields.timeZone")).fill("Asia/Ho_Chi_Minh");
    await page.getByLabel(t("organizer:fields.postmarkCounts")).check();
    await page.getByLabel(t("organizer:fields.maxPartsPerEntry")).fill(String(r.maxParts));
    await page.getByLabel(t("organizer:fields.maxAuthorsPerEntry")).fill(String(r.maxAuthors));
    await page.getByLabel(t("organizer:fields.blindJudging")).check();
    await page.getByRole("button", { name: t("organizer:save"), exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t("organizer:saved"));
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
    const { t } = this.organizer;
    const page = await this.visit("/categories");
    const form = page.getByRole("article", { name: t("organizer:categories.new") });
    await form.getByLabel(t("organizer:fields.categoryCode")).fill(c.code);
    await form.getByLabel(t("organizer:fields.codePrefix")).fill(c.prefix);
    await form.getByLabel(t("organizer:fields.nameVi")).fill(c.name);
    await form.getByLabel(t("organizer:fields.nameEn")).fill(c.nameEn);
    if (c.pdfMb) await form.getByLabel(t("organizer:fields.documentMaxMb")).fill(String(c.pdfMb));
    if (c.audioMb) await form.getByLabel(t("organizer:fields.audioMaxMb")).fill(String(c.audioMb));
    await form.getByRole("button", { name: t("organizer:categories.add") }).click();
    const card = page.getByRole("article", { name: new RegExp(`^${c.name} \\(${c.prefix}`) });
    await expect(card).toBeVisible();
    for (const [i, tier] of c.tiers.entries()) {
      const add = await openDetails(card, t("organizer:categories.addTier"));
      await add.getByLabel(t("organizer:fields.position")).fill(String(i + 1));
      await add.getByLabel(t("organizer:fields.tierNameVi")).fill(tier.name);
      await add.getByLabel(t("organizer:fields.tierNameEn")).fill(tier.nameEn);
      await add.getByLabel(t("organizer:fields.count")).fill(String(tier.count));
      await add.getByLabel(t("organizer:fields.amount")).fill(String(tier.amount));
      await add.getByRole("button", { name: t("organizer:categories.addTier") }).click();
      await expect(
        card
          .locator(".tier-form")
          .filter({ has: page.getByRole("button", { name: t("organizer:delete"), exact: true }) }),
      ).toHaveCount(i + 1);
    }
    await axeOnce(page);
  }

  async addRound(r: {
    name: string;
    nameEn: string;
    /** Left out: the form's default (every eligible entry). */
    source?: "ALL_ELIGIBLE" | "ADVANCED";
    minJudges?: number;
    /** How many judges score each entry (empty: the minimum). */
    judgesPerEntry?: number;
    /** Left out: the form's default (no advancement). */
    advancement?: "NONE" | "TOP_N";
    topN?: number;
    isFinal: boolean;
    criteria: { name: string; nameEn: string; max: number; weight: number }[];
  }) {
    const { t } = this.organizer;
    const page = await this.visit("/rounds");
    const form = page.getByRole("article", { name: t("organizer:rounds.new") });
    await form.getByLabel(t("organizer:fields.roundNameVi")).fill(r.name);
    await form.getByLabel(t("organizer:fields.roundNameEn")).fill(r.nameEn);
    if (r.source)
      await form.getByLabel(t("organizer:fields.source")).selectOption({ label: t(`organizer:source.${r.source}`) });
    if (r.minJudges) await form.getByLabel(t("organizer:fields.minJudgesPerEntry")).fill(String(r.minJudges));
    if (r.judgesPerEntry) await form.getByLabel(t("organizer:fields.judgesPerEntry")).fill(String(r.judgesPerEntry));
    if (r.advancement)
      await form
        .getByLabel(t("organizer:fields.advancementRule"))
        .selectOption({ label: t(`organizer:advancement.${r.advancement}`) });
    if (r.topN) await form.getByLabel(t("organizer:fields.advanceTopN")).fill(String(r.topN));
    if (r.isFinal) await form.getByLabel(t("organizer:fields.isFinal")).check();
    await form.getByRole("button", { name: t("organizer:rounds.add") }).click();
    const round = page.getByRole("article", { name: r.name, exact: true });
    await expect(round).toBeVisible();
    for (const [i, c] of r.criteria.entries()) {
      const scope = i === 0 ? round : await openDetails(round, t("organizer:rounds.addCriterion"));
      await scope.getByLabel(t("organizer:fields.criterionNameVi")).last().fill(c.name);
      await scope.getByLabel(t("organizer:fields.criterionNameEn")).last().fill(c.nameEn);
      await scope.getByLabel(t("organizer:fields.maxPoints")).last().fill(String(c.max));
      await scope.getByLabel(t("organizer:fields.weight")).last().fill(String(c.weight));
      await scope
        .getByRole("button", { name: t("organizer:rounds.addCriterion") })
        .last()
        .click();
      await expect(round.getByLabel(t("organizer:fields.criterionNameVi")).nth(i)).toHaveValue(c.name);
    }
    await axeOnce(page);
  }

  /** A phase button on the overview ("Mở nhận tác phẩm", "Đóng nhận tác phẩm", "Bắt đầu chấm"). */
  async changePhase(button: string, phase: string) {
    const { t } = this.organizer;
    const page = await this.visit("");
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByRole("status")).toContainText(
      t("organizer:dashboard.phaseChanged", { phase }).replace(/\.$/, ""),
    );
    await axeOnce(page);
  }

  async registerMailed(e: MailedEntry): Promise<string> {
    const { t } = this.organizer;
    const page = await this.visit("/mailed");
    const form = page.locator("form", { has: page.getByRole("button", { name: t("organizer:mailed.register") }) });
    await form.getByLabel(t("organizer:entries.category"), { exact: true }).selectOption({ label: e.category });
    await form.getByLabel(t("organizer:mailed.entryTitle")).fill(e.title);
    await form.getByLabel(t("organizer:entry.outlet")).fill(e.outlet);
    await form.getByLabel(t("organizer:entry.postmark")).fill(e.postmark);
    await form.getByLabel(t("organizer:entry.received")).fill(e.received);
    await form.getByLabel(t("organizer:mailed.email")).fill(e.email);
    await form.getByLabel(t("organizer:entry.fullName")).fill(e.fullName);
    if (e.penName) await form.getByLabel(t("organizer:entry.penName")).fill(e.penName);
    await form.getByLabel(t("organizer:entry.agency")).fill(e.agency);
    await form.getByLabel(t("organizer:mailed.parts")).fill(e.parts);
    await form.getByRole("button", { name: t("organizer:mailed.register") }).click();
    const done = page.getByRole("status").filter({ hasText: pattern(t, "organizer:mailed.registered", ["code"]) });
    await expect(done).toBeVisible();
    await axeOnce(page);
    return /[A-Z]+-\d{3}/.exec((await done.textContent()) ?? "")![0];
  }

  /** The web CSV import (the same checks as `npm run award -- import-entries`); returns what it says. */
  async importMailedCsv(name: string, csv: string): Promise<Locator> {
    const { t } = this.organizer;
    const page = await this.visit("/mailed");
    await page
      .getByLabel(t("organizer:mailed.file"))
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: t("organizer:mailed.import") }).click();
    const answer = page
      .getByRole("alert")
      .or(page.getByRole("status"))
      .filter({
        hasText: new RegExp(
          `${pattern(t, "organizer:mailed.importRefused", ["n"]).source}|${pattern(t, "organizer:mailed.imported", ["n", "codes"]).source}`,
        ),
      });
    await expect(answer).toBeVisible();
    await axeOnce(page);
    return answer;
  }

  async markEligible(codes: string[]) {
    const { t } = this.organizer;
    const page = await this.visit("/entries");
    for (const code of codes)
      await page.getByRole("checkbox", { name: t("organizer:entries.selectOne", { code }) }).check();
    await page.getByRole("button", { name: t("organizer:entries.markEligible"), exact: true }).click();
    await expect(page.getByRole("status")).toContainText(t("organizer:entries.decided", { n: codes.length }));
    await axeOnce(page);
  }

  async markIneligible(code: string, reason: string) {
    const { t } = this.organizer;
    const page = await this.visit("/entries");
    await page.getByRole("link", { name: code, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
    await axeOnce(page);
    await page.getByLabel(t("organizer:entries.reason")).fill(reason);
    await page.getByRole("button", { name: t("organizer:entries.markIneligible") }).click();
    await expect(page.getByRole("status")).toHaveText(t("organizer:entry.decided"));
  }

  async inviteJudge(j: { email: string; name: string; agency: string }) {
    const { t } = this.organizer;
    const page = await this.visit("/judges");
    const form = page.locator("form", { has: page.getByRole("button", { name: t("organizer:judges.invite") }) });
    await form.getByLabel("Email").fill(j.email);
    await form.getByLabel(t("organizer:entry.fullName")).fill(j.name);
    await form.getByLabel(t("organizer:entry.agency")).fill(j.agency);
    await form.getByRole("button", { name: t("organizer:judges.invite") }).click();
    await expect(page.getByRole("status")).toHaveText(t("organizer:judges.done.invite"));
    await axeOnce(page);
  }

  /** Generates the round's assignments and returns the result panel. */
  async generateAssignments(roundName: string): Promise<Locator> {
    const { t } = this.organizer;
    const page = await this.visit("/assignments");
    await page.getByLabel(t("organizer:assignments.round")).selectOption({ label: new RegExp(roundName).source });
    await page.getByRole("button", { name: t("organizer:assignments.show") }).click();
    await page.getByRole("button", { name: t("organizer:assignments.generate") }).click();
    const result = page.getByRole("status").filter({ hasText: t("organizer:assignments.resultTitle") });
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
    const { t } = this.organizer;
    const page = await this.roundPage(n);
    await page.getByRole("button", { name: t("results:roundLife.open") }).click();
    const confirm = page.getByRole("button", { name: t("results:roundLife.confirmOpen") });
    await expect(confirm).toBeVisible();
    await axeOnce(page);
    const checklist = await page.locator("ul.checklist").innerText();
    await confirm.click();
    const done = page.getByRole("status").filter({ hasText: pattern(t, "results:roundLife.opened", ["count"]) });
    await expect(done).toBeVisible();
    return { checklist, done: (await done.textContent()) ?? "" };
  }

  /** Closes a round: "Đóng vòng" shows what will happen, then it is confirmed. Returns that plan. */
  async closeRound(n: number): Promise<string> {
    const { t } = this.organizer;
    const page = await this.roundPage(n);
    await page.getByRole("button", { name: t("results:close"), exact: true }).click();
    const confirm = page.getByRole("button", { name: t("results:roundLife.confirmClose") });
    await expect(confirm).toBeVisible();
    const plan = await page.getByRole("region", { name: t("results:roundLife.closeConfirmTitle") }).innerText();
    await axeOnce(page);
    const ack = page.getByLabel(t("results:ackFlags"));
    if (await ack.count()) await ack.check();
    await confirm.click();
    await expect(page.getByText(t("results:closed"))).toBeVisible();
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
  locale: Locale = "vi",
) {
  const t = translator(locale);
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

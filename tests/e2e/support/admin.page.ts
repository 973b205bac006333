import { expect } from "@playwright/test";
import { axeOnce, type Person } from "./people.ts";
import { typedDate } from "./dates.ts";
import { translator } from "./i18n.ts";

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
    const t = translator(this.admin.locale);
    const page = await this.admin.visit("/admin");
    const create = page.locator("#create-contest");
    await create.getByLabel(t("organizer:fields.slug")).fill(c.slug);
    await create.getByLabel(t("organizer:fields.nameVi")).fill(c.name);
    await create.getByLabel(t("organizer:fields.nameEn")).fill(c.nameEn);
    await create.getByLabel(t("organizer:fields.organizerName")).fill(c.organizerName);
    await create.getByLabel(t("organizer:fields.publicationStart")).fill(typedDate(c.start));
    await create.getByLabel(t("organizer:fields.publicationEnd")).fill(typedDate(c.end));
    await create.getByLabel(t("organizer:fields.submissionDeadline")).fill(typedDate(c.deadline));
    // Two-step sign-in for organizers and judges has its own tests (issue 11); this contest's
    // judges sign in with a password, like the demo contest's.
    await create.getByLabel(t("security:contestSetting")).uncheck();
    await axeOnce(page);
    await create.getByRole("button", { name: t("organizer:admin.create") }).click();
    await expect(page).toHaveURL(new RegExp(`/organizer/${c.slug}/settings$`));
  }

  async grantOrganizer(contestName: string, email: string) {
    const t = translator(this.admin.locale);
    const page = await this.admin.visit("/admin");
    const card = page.locator(".card", { has: page.getByRole("link", { name: contestName, exact: true }) });
    await card.getByLabel(t("organizer:admin.grantEmail")).fill(email);
    await card.getByRole("button", { name: t("organizer:admin.grant") }).click();
    await expect(card).toContainText(email);
  }
}

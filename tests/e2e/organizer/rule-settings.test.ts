import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { exact, translator } from "../support/i18n.ts";
import { makeContest, makeOrganizer, TEST_PASSWORD } from "#tests/support/kit.ts";

test("the organizer sets the contest's reason minimums and a round's score step, in Vietnamese and English", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // Fixture: a closed contest (old dates, so the home page keeps the demo) and its organizer.
  const contest = await makeContest(e2eDb(), {
    slug: `luat-${suffix}`,
    phase: "CLOSED",
    categories: ["print"],
    publicationStart: "2018-10-01",
    publicationEnd: "2019-10-01",
    deadline: "2019-11-10",
  });
  const organizer = await makeOrganizer(e2eDb(), contest.id, { email: `btc-luat-${suffix}@example.test` });
  await login(page, organizer.email, TEST_PASSWORD);

  const vi = translator("vi");
  await page.goto(`/organizer/${contest.slug}/settings`);
  // Today's values are the defaults.
  const tie = page.getByLabel(exact(vi("organizer:fields.minReason.tie")));
  await expect(tie).toHaveValue("10");
  await expect(page.getByLabel(exact(vi("organizer:fields.judgeInviteDays")))).toHaveValue("14");
  await tie.fill("25");
  await page.getByRole("button", { name: vi("organizer:save"), exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(vi("organizer:saved"));
  await page.reload();
  await expect(tie).toHaveValue("25");
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/rule-settings-vi.png", fullPage: true });

  await page.goto(`/organizer/${contest.slug}/rounds`);
  const step = page.getByLabel(exact(vi("organizer:fields.scoreStep"))).first();
  await expect(step).toHaveValue("0.25");
  await step.fill("0.5");
  await page
    .getByRole("button", { name: vi("organizer:save"), exact: true })
    .first()
    .click();
  await expect(page.getByRole("status").first()).toHaveText(vi("organizer:saved"));
  await page.reload();
  await expect(step).toHaveValue("0.5");
  await expectAccessible(page);

  // The same settings in English.
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const en = translator("en");
  await page.goto(`/organizer/${contest.slug}/settings`);
  await expect(page.getByLabel(exact(en("organizer:fields.minReason.tie")))).toHaveValue("25");
  await expect(page.getByRole("group", { name: en("organizer:settings.reasons") })).toBeVisible();
  await page.screenshot({ path: "tests/.tmp/rule-settings-en.png", fullPage: true });
  await page.goto(`/organizer/${contest.slug}/rounds`);
  await expect(page.getByLabel(exact(en("organizer:fields.scoreStep"))).first()).toHaveValue("0.5");
  await page
    .getByLabel(exact(en("organizer:fields.scoreStep")))
    .first()
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: "tests/.tmp/rule-settings-round-en.png" });
});

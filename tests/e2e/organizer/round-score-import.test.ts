import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { e2eDb } from "../support/db.ts";
import { e2eJudgingScenario } from "../support/db.ts";
import { openRoundAsOrganizer } from "../support/organizer.page.ts";
import { TEST_PASSWORD } from "#tests/support/kit.ts";
import { hideContest } from "../support/journey.page.ts";

const csv = (lines: string[]) => ({
  name: "phieu-cham.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(lines.join("\n"), "utf8"),
});

test("the organizer imports paper score sheets on the round page: a wrong file imports nothing and names its lines, a good one is recorded", async ({
  page,
  browser,
}) => {
  // Fixture: submission, eligibility, invitations and assignments (see makeJudgingScenario in the kit);
  // the round is opened through the organizer's page.
  const f = await e2eJudgingScenario();
  const [gk1, gk2] = f.judges;
  try {
    await openRoundAsOrganizer(browser, f);
    await login(page, f.organizer.email, TEST_PASSWORD);
    await page.goto(`/organizer/${f.contest.slug}/rounds/1`);
    const section = page.getByRole("region", { name: "Nhập phiếu chấm giấy" });
    await expect(section).toContainText("c1 … c3");

    await section
      .getByLabel("Tệp CSV phiếu chấm")
      .setInputFiles(
        csv([
          "entry_code,judge_email,c1,c2,c3,comment",
          `BI-001,${gk1!.email},35,25,20,Tốt`,
          `BI-002,${gk1!.email},41,25,20,`,
          `BI-404,${gk2!.email},30,20,20,`,
        ]),
      );
    await section.getByRole("button", { name: "Nhập phiếu chấm" }).click();
    const alert = section.getByRole("alert");
    await expect(alert).toContainText("Không nhập phiếu nào: 2 lỗi.");
    await expect(alert).toContainText('Dòng 3: c1: vượt điểm tối đa ("41", tối đa 40)');
    await expect(alert).toContainText("Dòng 4: không có tác phẩm mã BI-404 trong giải");
    await expectAccessible(page);
    expect(await e2eDb().score.count({ where: { roundId: f.round.id } })).toBe(0);

    await section
      .getByLabel("Tệp CSV phiếu chấm")
      .setInputFiles(
        csv([
          "entry_code;judge_email;c1;c2;c3;comment",
          `BI-001;${gk1!.email};35;25;20;Tốt`,
          `BI-002;${gk1!.email};30,5;25;20;`,
        ]),
      );
    await section.getByRole("button", { name: "Nhập phiếu chấm" }).click();
    await expect(section.getByRole("status")).toContainText("Đã nhập 2 phiếu chấm.");
    // What the organizer sees in the audit log: two imported sheets, by them.
    await page.goto(`/organizer/${f.contest.slug}/audit?entry=BI-002`);
    await expect(
      page.getByRole("row").filter({ hasText: f.organizer.email }).filter({ hasText: "BI-002" }),
    ).toHaveCount(1);

    // Read back in the database what the page does not show per sheet: submitted, with values.
    const scores = await e2eDb().score.findMany({ where: { roundId: f.round.id }, include: { values: true } });
    expect(scores.map((s) => s.status)).toEqual(["SUBMITTED", "SUBMITTED"]);
  } finally {
    // Teardown, not a user step: hide the fixture contest from later tests.
    await hideContest(f.contest.id);
  }
});

import path from "node:path";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { expect, test } from "@playwright/test";
import { waitForMail } from "../support/mail.ts";
import { hideContest, JournalistJourney, openContestFixture } from "../support/journey.page.ts";

const videos = ["ky-1.mp4", "ky-2.webm", "ky-3.mp4"].map((f) => path.resolve("tests/fixtures", f));
const hidden: string[] = [];
test.afterAll(async () => {
  for (const id of hidden) await hideContest(id);
});

const pdfText = (content: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gbc-e2e-")), "receipt.pdf");
  fs.writeFileSync(file, content);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
};

for (const locale of ["vi", "en"] as const) {
  test(`takes a journalist from registration to a submitted, edited and withdrawn TV series (${locale})`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const contest = await openContestFixture(locale === "vi" ? "Giải Báo chí thử nghiệm E2E" : "E2E test press award");
    hidden.push(contest.id);
    const j = new JournalistJourney(page, locale);
    if (locale === "en") {
      await page.goto("/");
      await page.getByRole("button", { name: /English/ }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    const email = `phongvien-${locale}-${Date.now()}@example.test`;
    const password = "MatKhau-E2E-2021";
    await j.register({
      name: locale === "vi" ? "Nguyễn Thị Hoa" : "Nguyen Thi Hoa",
      email,
      phone: "0912 345 678",
      password,
    });
    await j.verifyByMail(email);
    await j.login(email, password);
    await j.startEntry(contest.name, contest.deadline);
    const [d1, d2, d3] = contest.partDates;
    await j.fillTvSeries({
      dates: [d1!, d2!, d3!],
      coAuthor: "Trần Thu Trang",
      categoryName: locale === "vi" ? "Báo hình" : "Television",
      outsideDate: "2020-01-01",
      window: contest.window,
    });
    await j.uploadVideos(videos);
    const code = await j.submit();
    expect(code).toBe("BH-001");

    const receipt = await waitForMail(
      email,
      locale === "vi" ? /^Biên nhận tác phẩm dự thi BH-001$/ : /^Receipt for entry BH-001$/,
    );
    expect(receipt.text).toContain("Trần Thu Trang");
    expect(receipt.text).toContain("ky-2.webm");
    const pdf = receipt.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf?.filename).toBe("bien-nhan-BH-001.pdf");
    const text = pdfText(pdf!.content);
    expect(text).toContain(locale === "vi" ? "BIÊN NHẬN TÁC PHẨM DỰ THI" : "ENTRY RECEIPT");
    expect(text).toContain("BH-001");
    expect(text).toContain("Trần Thu Trang");

    await j.editTitle("Hải Dương vượt khó – tăng tốc (bản sửa)");
    await j.withdraw();
    await waitForMail(email, locale === "vi" ? /^Xác nhận rút tác phẩm BH-001$/ : /^Entry BH-001 withdrawn$/);
    await hideContest(contest.id);
  });
}

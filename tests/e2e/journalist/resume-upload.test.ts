import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { makeUser, TEST_PASSWORD, tvSeriesForm } from "#tests/support/kit.ts";
import { login } from "../support/auth.ts";
import { expectAccessible } from "../support/axe.ts";
import { e2eDb } from "../support/db.ts";
import { hideContest, openContestFixture } from "../support/journey.page.ts";

test("pauses an upload on a slow connection and resumes it after a page reload", async ({ page }) => {
  test.setTimeout(90_000);
  const contest = await openContestFixture("Giải thử nghiệm tải tiếp");
  try {
    // Fixture: an account with a saved draft (the journey test registers and writes one through
    // the editor); the upload is what this test exercises.
    const user = await makeUser(e2eDb());
    const { id } = await saveEntry(e2eDb(), {
      userId: user.id,
      contestId: contest.id,
      form: tvSeriesForm(contest.category("tv").id, contest.partDates),
    });
    // A real MP4 head so it sniffs as video, padded to 3 MiB.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gbc-resume-")), "phong-su-dai.mp4");
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync("tests/fixtures/ky-1.mp4"), randomBytes(3 * 1024 * 1024)]));

    await login(page, user.email, TEST_PASSWORD);
    const creations: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/uploads/tus")) creations.push(r.url());
    });
    await page.goto(`/me/entries/${id}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });

    const part = page.locator(".entry-part").first();
    await part.getByLabel("Chọn tệp cho kỳ 1").setInputFiles(file);
    await part.getByRole("button", { name: "Tải lên", exact: true }).click();
    await expect(part.getByRole("progressbar")).toBeVisible();
    await expect
      .poll(async () => Number(await part.getByRole("progressbar").getAttribute("value")), { timeout: 20_000 })
      .toBeGreaterThan(5);
    await part.getByRole("button", { name: "Tạm dừng" }).click();
    await expect(part.getByText(/Đã tạm dừng phong-su-dai\.mp4 ở \d+ %/)).toBeVisible();
    await expectAccessible(page);

    // A dropped connection or a closed tab: reload, choose the same file, and it continues.
    await page.reload();
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const again = page.locator(".entry-part").first();
    await again.getByLabel("Chọn tệp cho kỳ 1").setInputFiles(file);
    await again.getByRole("button", { name: "Tải lên", exact: true }).click();
    await expect(again.getByRole("link", { name: "phong-su-dai.mp4" })).toBeVisible({ timeout: 20_000 });
    await expect(again.getByText("Đã tải lên phong-su-dai.mp4.")).toBeVisible();

    const stored = await e2eDb().storedFile.findMany({ where: { entryId: id, deletedAt: null } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sha256).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    // Resumed, not restarted: one upload was created, and the second attempt continued it.
    expect(creations).toHaveLength(1);
    const audit = await e2eDb().auditEvent.findMany({ where: { entryId: id, action: "entry.file.add" } });
    expect(audit).toHaveLength(1);
  } finally {
    await hideContest(contest.id);
  }
});

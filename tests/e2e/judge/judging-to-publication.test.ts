import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { waitForMail } from "../support/mail.ts";
import { e2eJudgingScenario } from "../support/db.ts";
import { SECRET_AUTHORS } from "#tests/support/kit.ts";
import { TEST_PASSWORD } from "#tests/support/kit.ts";

const secrets = SECRET_AUTHORS.flatMap((a) => [a.fullName, a.penName, a.agency]).concat(["La-Thi-Bi-An", "Suong-Mo"]);

/** Asserts that neither the page's HTML nor its single-fetch data names an author. */
async function expectBlind(page: Page, pathname: string) {
  for (const url of [pathname, `${pathname === "/" ? "/_root" : pathname}.data`]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(200);
    const body = await res.text();
    for (const s of secrets) expect(body, `${url} must not contain "${s}"`).not.toContain(s);
  }
}

async function scoreEntry(page: Page, values: [string, string, string], comment: string) {
  const inputs = page.getByRole("textbox", { name: /^\d\. / });
  for (let i = 0; i < 3; i++) await inputs.nth(i).fill(values[i]!);
  await page.getByLabel("Nhận xét").fill(comment);
  await page.getByRole("button", { name: "Nộp điểm (khoá phiếu)" }).click();
  await expect(page.getByText("Phiếu chấm đã nộp và bị khoá.")).toBeVisible();
}

test("the organizer opens the round, two judges score blind, the organizer closes it, settles a tie with a reason and publishes", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const f = await e2eJudgingScenario();
  const slug = f.contest.slug;

  // Before the round opens a judge finds nothing, not even by the entry's address.
  {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await login(p, f.judges[0]!.email, TEST_PASSWORD);
    await p.goto("/judge");
    await expect(p.getByText("Bạn chưa được phân công tác phẩm nào trong vòng chấm đang mở.")).toBeVisible();
    const entryUrl = `/judge/rounds/${f.round.id}/entries/${f.entries[0]!.id}`;
    for (const url of [entryUrl, `${entryUrl}.data`, `/judge/files/${f.file.id}`])
      expect((await p.request.get(url)).status(), url).toBe(404);
    await ctx.close();
  }

  // The organizer opens round 1 from its page: a checklist first, then the confirmation.
  await login(page, f.organizer.email, TEST_PASSWORD);
  // The round lets judges see each other's scores (once their own sheet is in): the organizer
  // ticks it in the round's settings.
  await page.goto(`/organizer/${slug}/rounds`);
  const settings = page
    .getByRole("article", { name: f.round.nameVi, exact: true })
    .locator("form", { has: page.getByLabel("Giám khảo được xem điểm của người khác") });
  const seeOthers = settings.getByLabel("Giám khảo được xem điểm của người khác");
  await seeOthers.check();
  await settings.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(settings.getByRole("status")).toHaveText("Đã lưu.");
  await page.reload();
  await expect(seeOthers).toBeChecked();
  await page.goto(`/organizer/${slug}/rounds/1`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chưa mở");
  await page.getByRole("button", { name: "Mở vòng chấm" }).click();
  await expect(page.getByText("Tác phẩm hợp lệ trong vòng: 3")).toBeVisible();
  await expect(page.getByText("Giám khảo của vòng: 2")).toBeVisible();
  await expect(page.getByText("Lượt phân công: 6")).toBeVisible();
  await expect(page.getByText("Tác phẩm có ít hơn 2 giám khảo: 0")).toBeVisible();
  await expect(page.getByText("Giám khảo chưa được phân công tác phẩm nào: 0")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Xác nhận mở vòng" }).click();
  await expect(page.getByText("Đã mở vòng chấm. Đã gửi thư cho 2 giám khảo.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Đang mở");
  for (const judge of f.judges) {
    const mail = await waitForMail(judge.email, /đã mở/);
    expect(mail.text).toContain("được phân công chấm 3 tác phẩm");
  }
  const sheets: Record<string, [string, string, string]>[] = [
    { "BI-001": ["38", "27", "25"], "BI-002": ["36", "29", "20"], "BI-003": ["30", "20", "20"] },
    { "BI-001": ["34", "26", "20"], "BI-002": ["35", "30", "20"], "BI-003": ["30", "25", "20"] },
  ];

  for (const [k, judge] of f.judges.entries()) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await login(p, judge.email, TEST_PASSWORD);
    await p.goto("/judge");
    await expect(p.getByRole("heading", { level: 1 })).toHaveText("Chấm giải");
    await expect(p.getByText("Đã nộp 0/3")).toBeVisible();
    await expectAccessible(p);
    await expectBlind(p, "/judge");
    await p.getByRole("link", { name: "Dòng sông quê hương" }).click();
    const first = new URL(p.url()).pathname;
    await expect(p.getByRole("heading", { level: 1 })).toContainText("BI-001");
    await expect(p).toHaveTitle("BI-001 · Dòng sông quê hương · Chấm giải · Giải Báo chí");
    await expect(p.getByText("Ngày đăng/phát: 01/03/2020")).toBeVisible();
    await expect(p.locator("iframe[title='Tệp 1']")).toBeVisible();
    await expectAccessible(p);
    if (k === 0) {
      // Autosave keeps a draft without a click; the sheet comes back after a reload.
      await p.getByRole("textbox", { name: /^1\. / }).fill("38");
      await expect(p.getByText("Đã tự động lưu nháp.")).toBeVisible();
      await p.reload();
      await expect(p.getByRole("textbox", { name: /^1\. / })).toHaveValue("38");
      // Out-of-bounds values are refused next to the field.
      await p.getByRole("textbox", { name: /^2\. / }).fill("31");
      await p.getByRole("button", { name: "Lưu nháp" }).click();
      await expect(p.getByText("Điểm vượt quá mức tối đa của tiêu chí.")).toBeVisible();
      await expect(p.getByRole("textbox", { name: /^2\. / })).toHaveAttribute("aria-invalid", "true");
      // The evidence streams with Range support under a neutral name.
      const res = await p.request.get(`/judge/files/${f.file.id}`, { headers: { Range: "bytes=0-7" } });
      expect(res.status()).toBe(206);
      expect(await res.text()).toBe("%PDF-1.4");
      expect(res.headers()["content-disposition"]).toContain("BI-001-tep.pdf");
    }
    for (const code of ["BI-001", "BI-002", "BI-003"]) {
      await expect(p.getByRole("heading", { level: 1 })).toContainText(code);
      await expectBlind(p, new URL(p.url()).pathname);
      if (k === 1 && code === "BI-001") {
        // The first judge's sheet is in, but the second sees it only after submitting their own.
        await expect(
          p.getByText("Điểm của giám khảo khác hiện ra sau khi bạn nộp phiếu chấm của mình cho tác phẩm này."),
        ).toBeVisible();
        const data = await (await p.request.get(`${new URL(p.url()).pathname}.data`)).text();
        expect(data).not.toContain("Nhận xét của giám khảo 1");
      }
      await scoreEntry(p, sheets[k]![code]!, `Nhận xét của giám khảo ${k + 1} cho ${code}`);
      if (k === 1 && code === "BI-001") {
        await expect(p.getByText("Các giám khảo khác thấy bạn là Giám khảo B.")).toBeVisible();
        await expect(
          p.getByRole("listitem").filter({ hasText: "Giám khảo A: 90 — Nhận xét của giám khảo 1 cho BI-001" }),
        ).toBeVisible();
        await expectAccessible(p);
      }
      if (code !== "BI-003") await p.getByRole("link", { name: "Tác phẩm tiếp →" }).click();
    }
    await expectBlind(p, first);
    await p.goto("/judge");
    await expect(p.getByText("Đã nộp 3/3")).toBeVisible();
    await ctx.close();
  }

  // Before publication the API knows nothing.
  expect((await page.request.get(`/api/contests/${slug}/results`)).status()).toBe(404);

  await page.goto(`/organizer/${slug}/rounds/1`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(f.round.nameVi);
  await expect(page.getByRole("row", { name: /Giám Khảo E2E Một/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Đóng vòng" }).click();
  await expect(
    page.getByText("Đây là vòng xét giải cuối: sau khi đóng, giải chuyển sang giai đoạn Xét kết quả."),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Xác nhận đóng vòng" }).click();
  await expect(page.getByText("Đã đóng vòng chấm.")).toBeVisible();

  await page.goto(`/organizer/${slug}/results`);
  await expect(page).toHaveTitle(/ · Kết quả · Giải Báo chí$/);
  await expect(page.getByText("2 tác phẩm cùng 85 điểm")).toBeVisible();
  await expect(page.getByText("Chưa thể công bố: còn 1 trường hợp đồng điểm chưa xử lý.")).toBeVisible();
  // The prizes the tie holds are pending, not "all awarded".
  await expect(page.getByText("Chờ xử lý đồng điểm: 1 × Giải Nhất · 1 × Giải Nhì")).toBeVisible();
  await expect(page.getByText("Trao đủ mọi giải.")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByText("Hoặc quyết định thủ công").click();
  await page.getByLabel("Thứ tự của BI-002").fill("1");
  await page.getByLabel("Thứ tự của BI-001").fill("2");
  await page
    .getByLabel("Lý do (bắt buộc, ghi vào biên bản)")
    .fill("Hội đồng biểu quyết 4/1 tại phiên họp ngày 05/12/2020");
  await page.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(page.getByText(/Đã xử lý \(Quyết định của BTC\): Hội đồng biểu quyết 4\/1/)).toBeVisible();
  const firstRow = page.getByRole("row", { name: /BI-002/ }).first();
  await expect(firstRow).toContainText("Giải Nhất");
  await expect(firstRow).toContainText("30.000.000 ₫");
  // The decided order is the ranking: rank numbers follow it, not the tied score.
  const ranking = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Hạng" }) })
    .first()
    .getByRole("row");
  await expect(ranking.nth(1).getByRole("cell").nth(0)).toHaveText("1");
  await expect(ranking.nth(1)).toContainText("BI-002");
  await expect(ranking.nth(2).getByRole("cell").nth(0)).toHaveText("2");
  await expect(ranking.nth(2)).toContainText("BI-001");
  await expect(page.getByText("Chờ xử lý đồng điểm")).toHaveCount(0);
  await expect(page.getByText("Giải không trao: 2 × Giải Ba · 5 × Giải Khuyến khích")).toBeVisible();
  await page.getByLabel("Tôi đã kiểm tra kết quả và muốn công bố").check();
  await page.getByRole("button", { name: "Công bố kết quả" }).click();
  await expect(page.getByText("Kết quả đã được công bố.")).toBeVisible();
  await expectAccessible(page);

  // The organizer's downloads come back as real files.
  for (const [kind, type] of [
    ["decision", "application/pdf"],
    ["certificates", "application/pdf"],
    ["payouts", "spreadsheetml"],
    ["matrix", "spreadsheetml"],
  ]) {
    const res = await page.request.get(`/organizer/${slug}/results/export/${kind}`);
    expect(res.status(), kind).toBe(200);
    expect(res.headers()["content-type"]).toContain(type);
    expect((await res.body()).subarray(0, 2).toString()).toBe(type === "application/pdf" ? "%P" : "PK");
  }

  await page.goto(`/contests/${slug}/results`);
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: /Giải Nhất/ })).toContainText("Những người giữ rừng");
  await expect(table.getByRole("row", { name: /Giải Nhất/ })).toContainText("Kiều Văn Giấu Tên (Gió Bấc)");
  await expect(table.getByRole("row", { name: /Giải Nhì/ })).toContainText("Lã Thị Bí Ẩn (Sương Mờ)");
  await expect(table.getByRole("row", { name: /Giải Ba/ })).toContainText("10.000.000 ₫");
  await expect(page.getByText("Tổng tiền thưởng toàn giải: 60.000.000 ₫")).toBeVisible();
  await expect(
    table
      .getByRole("row", { name: /Giải Nhất/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("1");
  await expect(
    table
      .getByRole("row", { name: /Giải Nhì/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("2");
  await expect(page.getByText("2 × Giải Ba không trao · 5 × Giải Khuyến khích không trao")).toBeVisible();
  await expectAccessible(page);

  const api = await page.request.get(`/api/contests/${slug}/results`);
  expect(api.status()).toBe(200);
  const json = await api.json();
  expect(
    json.categories[0].prizes.map((p: { rank: number; tier: string; entry: { code: string } }) => [
      p.rank,
      p.tier,
      p.entry.code,
    ]),
  ).toEqual([
    [1, "Giải Nhất", "BI-002"],
    [2, "Giải Nhì", "BI-001"],
    [3, "Giải Ba", "BI-003"],
  ]);
  expect(json.categories[0].unawarded).toEqual([
    { tier: "Giải Ba", tierPosition: 3, count: 2 },
    { tier: "Giải Khuyến khích", tierPosition: 4, count: 5 },
  ]);
  expect(json.total).toBe(60_000_000);

  const mail = await waitForMail(f.entries[1]!.authors[0]!.email, /Công bố kết quả/);
  expect(mail.text).toContain("Giải Nhất");
  expect(mail.text).toContain("30.000.000");
});

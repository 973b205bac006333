import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/axe.ts";
import { login } from "../support/auth.ts";
import { DEMO_PASSWORD, DEMO_SLUG, DEMO_USERS } from "#prisma/seed-data.ts";

/** Every item of the header shares one row: some horizontal line crosses all of them. */
async function headerRows(page: Page) {
  return page.locator(".site-header__inner").evaluate((el) => {
    const boxes = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0);
    const top = Math.max(...boxes.map((b) => b.top));
    const bottom = Math.min(...boxes.map((b) => b.bottom));
    return { oneRow: top < bottom, height: el.getBoundingClientRect().height, items: boxes.length };
  });
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? [])
    .slice(0, 3)
    .map(Number)
    .map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

test.describe("layout at desktop and phone widths", () => {
  test("at 1280 px the organizer's header fits on one line in both languages, with a visible focus ring on the red", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await login(page, DEMO_USERS.organizer, DEMO_PASSWORD);
    await page.goto(`/organizer/${DEMO_SLUG}`);
    for (const lang of ["vi", "en"] as const) {
      if (lang === "en") await page.getByRole("button", { name: /English/ }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      const rows = await headerRows(page);
      expect(rows.items, lang).toBeGreaterThanOrEqual(5);
      expect(rows.oneRow, `${lang}: header items on one row`).toBe(true);
      expect(rows.height, lang).toBeLessThanOrEqual(80);
    }

    // Keyboard focus on a header link: a solid ring that contrasts with the red header (≥ 3:1).
    const home = page.locator(".site-nav a").first();
    // By keyboard, as a person would: from the contest link before it, Tab.
    await page.locator(".header-contest").focus();
    await page.keyboard.press("Tab");
    await expect(home).toBeFocused();
    const style = await home.evaluate((el) => {
      const s = getComputedStyle(el);
      const header = getComputedStyle(el.closest(".site-header")!);
      return {
        style: s.outlineStyle,
        width: parseFloat(s.outlineWidth),
        color: s.outlineColor,
        background: header.backgroundColor,
      };
    });
    expect(style.style).toBe("solid");
    expect(style.width).toBeGreaterThanOrEqual(2);
    expect(contrast(style.color, style.background)).toBeGreaterThanOrEqual(3);
    await expectAccessible(page);
  });

  test("at 390 px the prize table scrolls inside its own box and the page does not overflow", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/contests/${DEMO_SLUG}`);
    const box = page.locator(".table-scroll", { has: page.locator("table.prize-table") }).first();
    await expect(box).toBeVisible();
    const m = await box.evaluate((el) => {
      const table = el.querySelector("table")!;
      return {
        overflowX: getComputedStyle(el).overflowX,
        boxRight: el.getBoundingClientRect().right,
        boxWidth: el.clientWidth,
        tableWidth: table.scrollWidth,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    expect(m.overflowX).toBe("auto");
    // The box stays inside the phone's width; the page itself never scrolls sideways.
    expect(m.boxRight).toBeLessThanOrEqual(390);
    expect(m.pageWidth).toBeLessThanOrEqual(390);
    // Whatever the table needs is reachable inside the box: scrolled to the end, the amount
    // column (the last one) ends inside the box.
    await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    const lastCell = box.locator("tr").first().locator("th, td").last();
    const cell = await lastCell.boundingBox();
    const container = await box.boundingBox();
    expect(cell!.x + cell!.width).toBeLessThanOrEqual(container!.x + container!.width + 1);
    await expectAccessible(page);
  });
});

import { describe, expect, it } from "vitest";
import { sentence, wrapLines } from "#app/server/shared/pdf-wrap.server.ts";

const chars = (s: string) => s.length;

describe("PDF line breaking", () => {
  it("never splits a URL mid-word: it breaks after a separator", () => {
    const lines = wrapLines(
      "Kỳ 1: đăng ngày 01/03/2021 · https://baohaiduong.vn/kinh-te/vuot-kho-giua-dai-dich-123.html",
      30,
      chars,
    );
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.join("")).toContain("baohaiduong.");
    for (const l of lines) expect(l).not.toMatch(/baohaiduon$/);
    // Every break inside the URL falls right after a separator.
    const url = lines.slice(1);
    for (const l of url.slice(0, -1)) expect(l).toMatch(/[/.\-?&=_#]$/);
    expect(lines.join(" ").replace(/([/.\-?&=_#]) /g, "$1")).toContain(
      "https://baohaiduong.vn/kinh-te/vuot-kho-giua-dai-dich-123.html",
    );
  });
  it("keeps short text and words whole", () => {
    expect(wrapLines("Giải Nhất báo in", 40, chars)).toEqual(["Giải Nhất báo in"]);
    expect(wrapLines("một hai ba bốn", 7, chars)).toEqual(["một hai", "ba bốn"]);
  });
  it("ends a reason with one full stop", () => {
    expect(sentence("Hội đồng bỏ phiếu.")).toBe("Hội đồng bỏ phiếu.");
    expect(sentence("Hội đồng bỏ phiếu..")).toBe("Hội đồng bỏ phiếu.");
    expect(sentence("Hội đồng bỏ phiếu")).toBe("Hội đồng bỏ phiếu.");
    expect(sentence("Vì sao?")).toBe("Vì sao?");
  });
});

import { describe, expect, it } from "vitest";
import { ruleText, splitEvenly, stateOf } from "#app/components/entry/state.ts";
import { formatPercent, formatPercentNumber } from "#app/domain/format.ts";
import { getI18n } from "#app/i18n/i18n.ts";

// docs/glossary.md "Numbers": percentages with a decimal comma in Vietnamese ("33,34 %").
describe("percentages in the reader's number format", () => {
  it("formats with a comma in Vietnamese and a point in English", () => {
    expect(formatPercent(33.34)).toBe("33,34 %");
    expect(formatPercent(33.34, "en")).toBe("33.34 %");
    expect(formatPercentNumber(100)).toBe("100");
    expect(formatPercentNumber(90.5)).toBe("90,5");
  });
  it("the entry form shows shares and the shares rule the Vietnamese way", () => {
    const three = splitEvenly(
      [0, 1, 2].map(() => ({ fullName: "", penName: "", agency: "", email: "", share: "" })),
      "vi",
    );
    expect(three.map((a) => a.share)).toEqual(["33,34", "33,33", "33,33"]);
    const form = {
      categoryId: "c",
      title: "t",
      summary: "",
      outlet: "o",
      kind: "SINGLE" as const,
      parts: [],
      authors: [{ fullName: "A", penName: "", agency: "", email: "", sharePercent: 33.34 }],
      declaredOriginal: true,
      declaredOtherAward: false,
      otherAwardDetails: "",
    };
    expect(stateOf(form, "vi").authors[0]!.share).toBe("33,34");
    expect(stateOf(form, "en").authors[0]!.share).toBe("33.34");
    const t = getI18n("vi").t;
    expect(ruleText(t, { rule: "shares", path: "authors", params: { total: 90 } }, "vi")).toBe(
      "[Tỷ lệ hưởng giải] Tổng tỷ lệ phải đúng 100 % (đang là 90 %).",
    );
    expect(ruleText(t, { rule: "shares", path: "authors", params: { total: 99.99 } }, "vi")).toContain(
      "đang là 99,99 %",
    );
  });
});

import { describe, expect, it } from "vitest";
import type { RuleCode } from "#app/domain/eligibility.ts";
import { MAILED_ERROR_CODES, checkCsv, type MailedIssue } from "#app/domain/mailed-entries.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { mailedIssueText } from "#app/i18n/mailed-issues.ts";
import viOrganizer from "#app/i18n/locales/vi/organizer.json";
import enOrganizer from "#app/i18n/locales/en/organizer.json";
import viEntry from "#app/i18n/locales/vi/entry.json";
import enEntry from "#app/i18n/locales/en/entry.json";

/**
 * Issue 10 §1: a mailed-entry reason is a code with its values, never a sentence or a
 * "key|value" string; every code has its sentence in Vietnamese and English, with the same values.
 */
const organizer: Record<string, Record<string, string>> = {
  vi: viOrganizer.mailed.errors,
  en: enOrganizer.mailed.errors,
};
// Every entry rule a paper entry can break reads as on the online form (entry:rule.<rule>).
const RULES: Record<RuleCode, true> = {
  open: true,
  deadline: true,
  window: true,
  single: true,
  series: true,
  maxParts: true,
  maxAuthors: true,
  shares: true,
  url: true,
  evidence: true,
  declaration: true,
  otherAward: true,
};
const entryRules: Record<string, Record<string, string>> = { vi: viEntry.rule, en: enEntry.rule };
const placeholders = (s = "") => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("mailed-entry reasons", () => {
  it.each(["vi", "en"])("word every code in %s, and nothing else", (lang) => {
    const words = organizer[lang]!;
    expect(MAILED_ERROR_CODES.filter((c) => !words[c]?.trim())).toEqual([]);
    expect(Object.keys(words).filter((k) => !(MAILED_ERROR_CODES as readonly string[]).includes(k))).toEqual([]);
    const rules = entryRules[lang]!;
    expect(Object.keys(RULES).filter((r) => !rules[r]?.trim())).toEqual([]);
  });

  it("use the same values in both languages", () => {
    expect(
      MAILED_ERROR_CODES.filter(
        (c) => JSON.stringify(placeholders(organizer.vi![c])) !== JSON.stringify(placeholders(organizer.en![c])),
      ),
    ).toEqual([]);
    expect(
      Object.keys(RULES).filter(
        (r) => JSON.stringify(placeholders(entryRules.vi![r])) !== JSON.stringify(placeholders(entryRules.en![r])),
      ),
    ).toEqual([]);
  });

  it("are rendered in the reader's language, with every value in its place", () => {
    const issues: MailedIssue[] = [
      { code: "category", params: { value: "tv" } },
      { code: "rule", rule: "window", params: { part: 2, date: "2021-10-05", start: "2020-10-01", end: "2021-10-01" } },
      { code: "rule", rule: "shares", params: { total: 90.5 } },
    ];
    const text = (lang: "vi" | "en") => issues.map((i) => mailedIssueText(getI18n(lang).t, i, lang));
    expect(text("vi")).toEqual([
      'Nhóm giải "tv" không có trong giải này.',
      "[Thời gian đăng, phát] Kỳ 2 ngày 05/10/2021 nằm ngoài khoảng 01/10/2020 – 01/10/2021.",
      "[Tỷ lệ hưởng giải] Tổng tỷ lệ phải đúng 100 % (đang là 90,5 %).",
    ]);
    expect(text("en")).toEqual([
      'Category "tv" does not exist in this contest.',
      "[Publication window] Part 2 dated 05/10/2021 is outside 01/10/2020 – 01/10/2021.",
      "[Prize shares] Shares must add up to exactly 100 % (now 90.5 %).",
    ]);
    // Each code's sentence is found (no key echoed back) and leaves no {{value}} unfilled.
    for (const lang of ["vi", "en"] as const)
      for (const code of MAILED_ERROR_CODES) {
        const s = mailedIssueText(getI18n(lang).t, { code, params: { value: "X" } }, lang);
        expect(s, `${lang} ${code}`).not.toMatch(/mailed\.errors|\{\{/);
      }
  });

  it("cross the wire as data: a CSV line error is {line, code, params}", () => {
    const errors = checkCsv([{ line: 1, fields: ["title"] }], {
      categoryCodes: [],
      deadline: "2021-11-10",
      postmarkCounts: true,
      maxPartsPerEntry: 3,
      maxAuthorsPerEntry: 5,
      publicationStart: "2020-10-01",
      publicationEnd: "2021-10-01",
      today: "2021-11-20",
    }).errors;
    expect(errors).toEqual([{ line: 1, code: "missingColumns", params: { value: expect.any(String) } }]);
    expect(JSON.stringify(errors)).not.toContain("|");
  });
});

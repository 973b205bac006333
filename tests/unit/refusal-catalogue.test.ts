import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, REFUSALS, STATUS_OF_KIND, isRefusalCode, type RefusalCode } from "#app/domain/errors.ts";
import vi from "#app/i18n/locales/vi/refusals.json";
import en from "#app/i18n/locales/en/refusals.json";

/**
 * Issue 10 §1: every refusal code has its sentence in Vietnamese and English, and every code
 * thrown or returned anywhere in app/ is in the registry (the type checks literals at throw
 * sites; this scan also catches codes built or passed around as plain strings).
 */
const codes = Object.keys(REFUSALS) as RefusalCode[];
const catalogues: Record<string, Record<string, string>> = { vi, en };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** The {{names}} a sentence interpolates. */
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("refusal catalogue", () => {
  it.each(Object.keys(catalogues))("words every refusal code in %s, and nothing else", (lang) => {
    const catalogue = catalogues[lang]!;
    const missing = codes.filter((c) => typeof catalogue[c] !== "string" || !catalogue[c]!.trim());
    expect(missing, `codes without a ${lang} sentence in app/i18n/locales/${lang}/refusals.json`).toEqual([]);
    expect(
      Object.keys(catalogue).filter((k) => !isRefusalCode(k)),
      "sentences for codes no longer in the registry",
    ).toEqual([]);
  });

  it("uses the same placeholders in both languages", () => {
    const differing = codes.filter(
      (c) =>
        JSON.stringify(placeholders(vi[c as keyof typeof vi])) !==
        JSON.stringify(placeholders(en[c as keyof typeof en])),
    );
    expect(differing).toEqual([]);
  });

  it("finds every code used in app/ in the registry", () => {
    const found = new Map<string, string>();
    const patterns = [
      /new (?:DomainError|RuleError|ScoreValidationError)\(\s*"([a-z_]+)"/g,
      /(?:\[|push\(|refusal: )\{ code: "([a-z_]+)"/g,
      /\brefusal: "([a-z_]+)"/g,
      /\brefuse\("([a-z_]+)"/g,
      /\breturn "(round_open_[a-z_]+)"/g,
    ];
    for (const file of sourceFiles(path.resolve("app"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const re of patterns) for (const m of text.matchAll(re)) found.set(m[1]!, path.relative(".", file));
    }
    expect(found.size, "the scan found the throw sites").toBeGreaterThan(30);
    const unknown = [...found].filter(([code]) => !isRefusalCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unknown).toEqual([]);
  });

  it("takes the status from the code's kind and keeps the words out of the error", () => {
    expect(new DomainError("not_assigned").status).toBe(404);
    expect(new DomainError("ties_unresolved", { count: 2 })).toMatchObject({
      status: 409,
      kind: "conflict",
      params: { count: 2 },
    });
    expect(new DomainError("reason_required").status).toBe(422);
    expect(STATUS_OF_KIND).toMatchObject({ invalid: 422, forbidden: 403, notFound: 404, conflict: 409 });
    expect(new DomainError("upload_quota_count", { count: 3, max: 3, hours: 24 }).status).toBe(429);
    // The message is for logs: the code and its values, no prose in any language.
    expect(new DomainError("ties_unresolved", { count: 2 }).message).toBe('ties_unresolved {"count":2}');
  });
});

/**
 * Issue 10 item 2: every word a user reads comes from the catalogues (app/i18n/locales), in
 * Vietnamese and English. This test scans app/ for Vietnamese text outside the catalogues and
 * fails on a new line of it, so a Vietnamese-only sentence cannot slip back into code.
 *
 * Vietnamese is recognised by its letters (ạ ả ấ … đ ơ ư, not shared with English or French
 * accents); comments are skipped. What may stay is listed below, each with its reason.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
/** The product's name is a name, the same in both languages (PDF producer, mail sender, 2FA issuer). */
const BRAND = /Giải Báo chí/g;

/** Files whose Vietnamese is meant, for good. */
const ALLOWED: Record<string, string> = {
  "app/server/results/pdf-docs.server.ts": "official Vietnamese documents: award decision, jury minutes, certificates",
  "app/server/shared/pdf-table.server.ts": "the official documents' Vietnamese date line",
  "app/server/journalist/receipt.server.ts":
    "the entry receipt, an official Vietnamese document (with its English twin inline)",
  "app/domain/text.ts": "Vietnamese-aware name normalising and the documents' place line (tỉnh, thành phố)",
  "app/domain/search.ts": "search folds đ to d",
  "app/domain/mailed-csv-help.ts": "the sample row of the mailed-entries CSV template (demo data)",
  "app/domain/stored-reasons.ts": "recognises the Vietnamese reasons rows written before reasons became codes hold",
};

/**
 * Vietnamese still written by code, at most this many lines per file; lower a count (or drop
 * the file) when it moves to a catalogue, never raise one. Empty: the refusals are codes, and so
 * are the reasons the app stores (a withdrawal, a tie decided by the rule).
 */
const REFUSALS_PENDING: Record<string, number> = {};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) return p === "app/i18n/locales" || p === "app/generated" ? [] : files(p);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

/** Lines with Vietnamese outside comments, as "file:line: text". */
export function vietnameseLines(file: string, source: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  source.split("\n").forEach((raw, i) => {
    let line = raw.trim();
    if (inBlock) {
      if (!line.includes("*/")) return;
      inBlock = false;
      line = line.slice(line.indexOf("*/") + 2);
    }
    if (line.startsWith("/*")) {
      if (!line.includes("*/")) inBlock = true;
      return;
    }
    if (line.startsWith("//") || line.startsWith("*") || line.startsWith("{/*")) return;
    // A trailing comment (not a URL's //).
    line = line.replace(/(^|[^:"'`])\/\/.*$/, "$1").replace(BRAND, "");
    if (VIETNAMESE.test(line)) out.push(`${file}:${i + 1}: ${raw.trim()}`);
  });
  return out;
}

describe("Vietnamese text outside the catalogues", () => {
  const found = files("app").flatMap((f) => vietnameseLines(f, fs.readFileSync(f, "utf8")));
  const byFile = new Map<string, string[]>();
  for (const l of found) {
    const f = l.slice(0, l.indexOf(":"));
    byFile.set(f, [...(byFile.get(f) ?? []), l]);
  }

  it("appears only in the allowed files and in refusals not yet moved to codes", () => {
    const unexpected = [...byFile].flatMap(([f, lines]) => (ALLOWED[f] ? [] : lines.slice(REFUSALS_PENDING[f] ?? 0)));
    // Put the words in app/i18n/locales/{vi,en}/*.json and read them with t() / getI18n(locale).
    expect(unexpected).toEqual([]);
  });

  it("recognises a Vietnamese literal and skips comments and the product's name", () => {
    const src = [
      'const a = "Không tìm thấy";',
      "// Không tìm thấy",
      "/* Vòng chấm",
      " * đã đóng */",
      'const b = "Giải Báo chí"; // tên',
      'const c = "https://x.test/đ";',
    ].join("\n");
    expect(vietnameseLines("x.ts", src)).toEqual([
      'x.ts:1: const a = "Không tìm thấy";',
      'x.ts:6: const c = "https://x.test/đ";',
    ]);
  });

  it("picks a two-language name with its Vietnamese fallback (pickLocale), never a bare nameEn", () => {
    // `lang === "en" ? x.nameEn : x.nameVi` shows a blank name when the English one is empty.
    const bare = /===\s*"en"\s*\?\s*[\w.?]*nameEn\s*:/;
    const hits = files("app").flatMap((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        .flatMap((l, i) => (bare.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});

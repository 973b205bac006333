import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatNumber } from "#app/domain/format.ts";

/**
 * Issue 10: numbers are written in the reader's format and times in the contest's (or the
 * platform's) time zone, through the one formatter module. A "vi-VN" or a time zone written into
 * a page, a component or a mail would show Vietnamese digits to an English reader, or Vietnam
 * time for a contest set elsewhere.
 */
const HOMES: Record<string, string> = {
  "app/domain/format.ts": "the reader's locale → Intl locale mapping",
  "app/domain/money.ts": "the VND formatter per language",
  "app/server/shared/env.server.ts": "PLATFORM_TIME_ZONE's default",
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.posix.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" || d.name === "locales" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe("number and time formats", () => {
  it("are chosen only in the formatter and settings modules", () => {
    const found = [...sourceFiles("app"), ...sourceFiles("emails")].flatMap((f) =>
      HOMES[f]
        ? []
        : fs
            .readFileSync(f, "utf8")
            .split("\n")
            .flatMap((line, i) =>
              /"(vi-VN|en-GB|en-US)"|toLocaleString\(|"Asia\/Ho_Chi_Minh"|new Intl\.NumberFormat/.test(line)
                ? [`${f}:${i + 1}: ${line.trim()}`]
                : [],
            ),
    );
    expect(found).toEqual([]);
  });

  it("write a score, a size and a share in the reader's digits", () => {
    expect(formatNumber(8.125, "vi", 3)).toBe("8,125");
    expect(formatNumber(8.125, "en", 3)).toBe("8.125");
    expect(formatNumber(1234, "vi")).toBe("1.234");
    expect(formatNumber(1234, "en")).toBe("1,234");
  });
});

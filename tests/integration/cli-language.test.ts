/**
 * Issue 10: the command line speaks the organizer's language: --lang en|vi, else LANG (English
 * when it starts with "en"), else Vietnamese. The help text is the first thing anyone reads.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const VIETNAMESE = /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]/i;

function award(args: string[], lang: string) {
  const r = spawnSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("app/cli/award.ts"), ...args], {
    env: { ...process.env, LANG: lang },
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("award CLI language", () => {
  it("prints its help in Vietnamese by default and in English with --lang en or LANG=en_…", () => {
    const vi = award(["help"], "C.UTF-8");
    expect(vi.code).toBe(0);
    expect(vi.out).toContain("Cách dùng: npm run award -- <lệnh>");
    expect(vi.out).toContain("nhập phiếu chấm giấy (CSV)");
    for (const en of [
      award(["help", "--lang", "en"], "C.UTF-8"),
      award(["--help"], "en_GB.UTF-8"),
      award(["--lang=en"], "vi_VN.UTF-8"),
    ]) {
      expect(en.code).toBe(0);
      expect(en.out).toContain("Usage: npm run award -- <command> [options]");
      expect(en.out).toContain("import paper score sheets (CSV) into a round, all or nothing");
      expect(en.out).not.toMatch(VIETNAMESE);
    }
    expect(award(["help", "--lang", "vi"], "en_US.UTF-8").out).toContain("Các lệnh:");
  });

  it("refuses an unknown command or language in the reader's language", () => {
    expect(award(["khong-co"], "C.UTF-8")).toMatchObject({
      code: 2,
      err: expect.stringContaining('Không có lệnh "khong-co".'),
    });
    expect(award(["nope", "--lang", "en"], "C.UTF-8")).toMatchObject({
      code: 2,
      err: expect.stringContaining('Unknown command "nope".'),
    });
    expect(award(["help", "--lang", "fr"], "en_US.UTF-8")).toMatchObject({
      code: 2,
      err: expect.stringContaining('Unknown language "fr"'),
    });
  });
});

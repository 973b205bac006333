import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUDIT_ACTIONS,
  auditKey,
  auditSentence,
  type AuditEventLike,
  type AuditNames,
} from "#app/domain/audit-events.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import vi from "#app/i18n/locales/vi/organizer.json";
import en from "#app/i18n/locales/en/organizer.json";

const tr = (locale: "vi" | "en") =>
  getI18n(locale).getFixedT(locale, "organizer") as (k: string, p?: Record<string, unknown>) => string;

/** Every action code written by an audit() call in app/ (literal codes, also inside ternaries). */
function writtenCodes(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (d.name !== "generated") walk(p);
      } else if (/\.tsx?$/.test(d.name)) {
        const src = fs.readFileSync(p, "utf8");
        for (const m of src.matchAll(/\baction: ([^,\n]*)/g)) {
          for (const code of m[1]!.matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g)) found.add(code[1]!);
        }
      }
    }
  };
  walk(path.resolve("app"));
  return [...found].sort();
}

const none: AuditNames = {
  entry: () => undefined,
  user: () => undefined,
  round: () => undefined,
  category: () => undefined,
  tier: () => undefined,
  criterion: () => undefined,
};
const event = (action: string, more: Partial<AuditEventLike> = {}): AuditEventLike => ({
  action,
  actorName: "Nguyễn Văn Tổ Chức",
  targetType: "Contest",
  targetId: "c1",
  entryId: null,
  before: null,
  after: null,
  ...more,
});

describe("audit sentences", () => {
  it("lists every action code the app writes", () => {
    const codes = writtenCodes();
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((c) => !(AUDIT_ACTIONS as readonly string[]).includes(c))).toEqual([]);
  });

  it("has a sentence and a short name for every action in Vietnamese and English", () => {
    for (const cat of [vi, en]) {
      const audit = cat.audit as unknown as { event: Record<string, string>; name: Record<string, string> };
      const missing = AUDIT_ACTIONS.filter((a) => !audit.event[auditKey(a)] || !audit.name[auditKey(a)]);
      expect(missing).toEqual([]);
    }
  });

  it("renders every action without raw codes or placeholders, in both languages", () => {
    for (const locale of ["vi", "en"] as const) {
      for (const action of AUDIT_ACTIONS) {
        const s = auditSentence(event(action), none, tr(locale), locale);
        expect(s, `${locale} ${action}`).not.toMatch(/\{\{|\}\}/);
        expect(s, `${locale} ${action}`).not.toContain(action);
        expect(s.startsWith("Nguyễn Văn Tổ Chức"), `${locale} ${action}`).toBe(true);
      }
    }
  });

  it("names people, entries by code, rounds and categories instead of ids, and words statuses", () => {
    const names: AuditNames = {
      ...none,
      entry: (id) => ({ e1: "BI-001" })[id],
      user: (id) => ({ u1: "Trần Thị Giám Khảo" })[id],
      round: (id) => ({ r1: "Vòng chung khảo" })[id],
      category: (id) => ({ k1: "Báo in" })[id],
    };
    const vit = tr("vi");
    expect(
      auditSentence(
        event("entry.status", {
          targetType: "Entry",
          targetId: "e1",
          entryId: "e1",
          before: { status: "SUBMITTED" },
          after: { status: "ELIGIBLE", reason: "" },
        }),
        names,
        vit,
        "vi",
      ),
    ).toBe("Nguyễn Văn Tổ Chức chuyển tác phẩm BI-001 từ “Đã nộp” sang “Đủ điều kiện”.");
    expect(
      auditSentence(
        event("judge.invite", {
          targetType: "User",
          targetId: "u1",
          after: { email: "gk@x.vn", categoryIds: ["k1"], roundIds: [] },
        }),
        names,
        vit,
        "vi",
      ),
    ).toBe("Nguyễn Văn Tổ Chức mời Trần Thị Giám Khảo làm giám khảo (nhóm giải: Báo in; vòng: tất cả).");
    expect(auditSentence(event("round.close", { targetType: "Round", targetId: "r1" }), names, tr("en"), "en")).toBe(
      "Nguyễn Văn Tổ Chức closed Vòng chung khảo.",
    );
    expect(
      auditSentence(
        event("tie.resolve", {
          targetType: "Category",
          targetId: "k1",
          after: { categoryId: "k1", order: [["e1"]], reason: "Bốc thăm" },
        }),
        names,
        vit,
        "vi",
      ),
    ).toBe("Nguyễn Văn Tổ Chức quyết định thứ tự các tác phẩm đồng điểm ở nhóm giải Báo in: BI-001. Lý do: Bốc thăm");
  });

  it("words the app's own reasons in the reader's language (no English in the Vietnamese log)", () => {
    const phase = event("contest.phase", {
      actorName: null,
      before: { phase: "JUDGING" },
      after: { phase: "RESULTS_REVIEW", reason: "final round closed" },
    });
    expect(auditSentence(phase, none, tr("vi"), "vi")).toBe(
      "Hệ thống chuyển giải từ giai đoạn “Đang chấm” sang “Đang xét kết quả”. Lý do: tự động khi đóng vòng chung khảo",
    );
    expect(
      auditSentence(
        { ...phase, after: { phase: "RESULTS_REVIEW", reason: "final_round_closed" } },
        none,
        tr("en"),
        "en",
      ),
    ).toBe(
      "The system moved the contest from “Judging” to “Reviewing results”. Reason: automatic when the final round closed",
    );
  });

  it("words a withdrawal and a tie decided by the rule in the reader's language, old Vietnamese rows too", () => {
    const names: AuditNames = { ...none, entry: () => "BI-001", category: () => "Báo in" };
    const withdrawal = (reason: string) =>
      event("entry.status", {
        targetType: "Entry",
        targetId: "e1",
        entryId: "e1",
        before: { status: "SUBMITTED" },
        after: { status: "WITHDRAWN", reason },
      });
    // The code written today and the sentence earlier versions stored read the same.
    for (const reason of ["author_withdrew", "Tác giả rút tác phẩm"]) {
      expect(auditSentence(withdrawal(reason), names, tr("en"), "en")).toMatch(/Reason: withdrawn by the author$/);
      expect(auditSentence(withdrawal(reason), names, tr("vi"), "vi")).toMatch(/Lý do: tác giả rút tác phẩm$/);
    }
    const tie = (after: Record<string, unknown>) =>
      event("tie.resolve", {
        targetType: "Category",
        targetId: "k1",
        after: { categoryId: "k1", order: [["e1"]], decision: "TIE_RESOLVED", ...after },
      });
    for (const stored of [
      { reason: "", rule: "FIRST_CRITERION_THEN_TOP_MARKS" },
      { reason: "Quy tắc phụ FIRST_CRITERION_THEN_TOP_MARKS" },
    ]) {
      const en = auditSentence(tie(stored), names, tr("en"), "en");
      expect(en).toMatch(/Reason: higher score on criterion 1, then more top marks$/);
      expect(en).not.toMatch(VIETNAMESE_WORD);
      expect(auditSentence(tie(stored), names, tr("vi"), "vi")).toMatch(
        /Lý do: điểm tiêu chí 1 cao hơn, rồi nhiều điểm tối đa hơn$/,
      );
    }
  });
});

/** "Quy tắc", "rút": letters only Vietnamese uses (the actor's and category's names aside). */
const VIETNAMESE_WORD = /Quy tắc|rút tác/;

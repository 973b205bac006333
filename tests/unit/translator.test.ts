import { describe, expect, it } from "vitest";
import { getI18n } from "#app/i18n/i18n.ts";
import { template, translator } from "#app/i18n/use-translation.ts";

describe("the remembering translator", () => {
  it("says with options what i18next says, in both languages (plurals, namespaces, defaults)", () => {
    for (const locale of ["vi", "en"] as const) {
      const i18n = getI18n(locale);
      const t = translator(i18n, "organizer");
      const calls: [string, Record<string, unknown>][] = [
        ["entries.caption", { count: 1, page: 1, pages: 3 }],
        ["entries.caption", { count: 12, page: 2, pages: 3 }],
        ["dashboard.phaseNow", { phase: "JUDGING" }],
        ["common:appName", {}],
        ["nope.missing", { defaultValue: "Fallback" }],
        ["audit.caption", { count: 0 }],
      ];
      for (const [key, opts] of calls) {
        expect(t(key, opts)).toBe(i18n.t(key, { ns: "organizer", ...opts }));
      }
    }
  });

  it("fills a message's placeholders as i18next does, and asks i18next for a message without them", () => {
    for (const locale of ["vi", "en"] as const) {
      const i18n = getI18n(locale);
      const t = translator(i18n, "organizer");
      const pageOf = template(t, "entries.pageOf", ["page", "pages"]);
      expect(pageOf(2, 7)).toBe(i18n.t("organizer:entries.pageOf", { page: 2, pages: 7 }));
      const progressOf = template(t, "dashboard.progressOf", ["name"]);
      for (const name of ["Nguyễn Văn A", "", "{{name}}", "$t(common:appName)"]) {
        expect(progressOf(name)).toBe(i18n.t("organizer:dashboard.progressOf", { name }));
      }
      // No placeholder in the message: the same text as asking i18next.
      expect(template(t, "entries.title", ["x"])("y")).toBe(i18n.t("organizer:entries.title"));
    }
    expect(template(translator(getI18n("vi"), "organizer"), "entries.pageOf", ["page", "pages"])(2, 7)).toBe(
      "Trang 2/7",
    );
  });

  it("remembers a call with plain option values, and never gives one call's text for other values", () => {
    for (const locale of ["vi", "en"] as const) {
      const i18n = getI18n(locale);
      const t = translator(i18n, "organizer");
      const asked = (key: string, opts: Record<string, unknown>) => i18n.t(key, { ns: "organizer", ...opts });
      // Asked twice each, in an order where a wrong memory would show: the second answer is remembered.
      const calls: Record<string, unknown>[] = [
        { count: 1, page: 1, pages: 3 },
        { count: 12, page: 1, pages: 3 },
        { count: 1, page: 1, pages: 3 },
        { count: "1", page: 1, pages: 3 },
        { count: 12, page: 2, pages: 3 },
      ];
      for (const round of [1, 2])
        for (const opts of calls)
          expect(t("entries.caption", opts), `round ${round}`).toBe(asked("entries.caption", opts));
      // A typed value that spells out another option cannot pass for it.
      const tricky = [{ name: "A\u0000x:B" }, { name: "A", x: "B" }, { name: 'A"\u0000x:"B' }, { name: "A" }];
      for (const round of [1, 2])
        for (const opts of tricky)
          expect(t("dashboard.progressOf", opts), `round ${round}`).toBe(asked("dashboard.progressOf", opts));
      // Values that are not plain (an object) are not remembered, and still answered.
      const withObject = { phase: "JUDGING", extra: { a: 1 } };
      expect(t("dashboard.phaseNow", withObject)).toBe(asked("dashboard.phaseNow", withObject));
    }
  });
});

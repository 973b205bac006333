import { describe, expect, it } from "vitest";
import { catalogueTitle } from "#app/components/meta.ts";
import { resources } from "#app/i18n/resources.ts";

const root = (locale: "vi" | "en") => [{ id: "root", data: { locale } }];
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === "object"
      ? keys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`.replace(PLURAL, "")],
  );
}

describe("page titles from the catalogues", () => {
  it("reads the page's label and the site's name in the reader's language, data-driven parts first", () => {
    expect(catalogueTitle(root("vi"), "judging:homeTitle", ["BI-001", "Dòng sông quê hương"])).toEqual([
      { title: "BI-001 · Dòng sông quê hương · Chấm giải · Giải Báo chí" },
    ]);
    expect(catalogueTitle(root("en"), "judging:homeTitle", ["BI-001", undefined])).toEqual([
      { title: "BI-001 · Judging · Press Award" },
    ]);
    expect(catalogueTitle(root("en"), "organizer:nav.results", ["Press award 2021"])[0]).toEqual({
      title: "Press award 2021 · Results · Press Award",
    });
    expect(catalogueTitle(root("vi"), null, ["Giải báo chí tỉnh"])[0]).toEqual({
      title: "Giải báo chí tỉnh · Giải Báo chí",
    });
    expect(catalogueTitle(root("en"), "auth:loginTitle")[0]).toEqual({ title: "Sign in · Press Award" });
    expect(catalogueTitle(root("vi"), null)[0]).toEqual({ title: "Giải Báo chí" });
  });
});

describe("message catalogues", () => {
  it("have every key in both Vietnamese and English", () => {
    for (const ns of Object.keys(resources.vi) as (keyof typeof resources.vi)[]) {
      const vi = new Set(keys(resources.vi[ns] as Record<string, unknown>));
      const en = new Set(keys((resources.en as Record<string, Record<string, unknown>>)[ns] ?? {}));
      expect(
        [...vi].filter((k) => !en.has(k)),
        `${ns}: in vi only`,
      ).toEqual([]);
      expect(
        [...en].filter((k) => !vi.has(k)),
        `${ns}: in en only`,
      ).toEqual([]);
    }
  });
});

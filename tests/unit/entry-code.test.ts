import { describe, expect, it } from "vitest";
import { formatEntryCode } from "#app/domain/entry-code.ts";
import { ruleForMime, EvidenceRulesSchema, GiB } from "#app/domain/evidence.ts";

describe("entry codes", () => {
  it("pads to three digits and grows past them", () => {
    expect(formatEntryCode("BI", 7)).toBe("BI-007");
    expect(formatEntryCode("BH", 1234)).toBe("BH-1234");
  });
  it("refuses a zero or fractional sequence", () => {
    expect(() => formatEntryCode("BI", 0)).toThrow();
    expect(() => formatEntryCode("BI", 1.5)).toThrow();
  });
});

describe("evidence rules", () => {
  const rules = EvidenceRulesSchema.parse([
    { kind: "video", mimeTypes: ["video/mp4", "video/quicktime"], maxBytes: 2 * GiB },
  ]);
  it("finds the rule for a sniffed type and nothing for others", () => {
    expect(ruleForMime(rules, "video/mp4")?.kind).toBe("video");
    expect(ruleForMime(rules, "application/x-msdownload")).toBeNull();
  });
  it("rejects malformed rules", () => {
    expect(EvidenceRulesSchema.safeParse([{ kind: "video", mimeTypes: [], maxBytes: 1 }]).success).toBe(false);
  });
});

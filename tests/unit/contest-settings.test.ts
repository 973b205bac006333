import { describe, expect, it } from "vitest";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import {
  checkCategoryChange,
  checkRoundChange,
  checkRubricChange,
  checkRulesChange,
  ContestRulesSchema,
  evidenceRulesFromForm,
  RoundSchema,
  type ContestFacts,
} from "#app/domain/contest-settings.ts";

const form = {
  nameVi: "Giải Báo chí 2021",
  organizerName: "Sở TT&TT",
  publicationStart: "2020-10-01",
  publicationEnd: "2021-10-01",
  submissionDeadline: "2021-11-10",
  timeZone: "Asia/Ho_Chi_Minh",
  postmarkCounts: "on",
  maxPartsPerEntry: "5",
  maxAuthorsPerEntry: "5",
};
/** Parses like the server does: form fields through conform's coercion. */
function parseForm<S extends z.ZodType>(schema: S, fields: Record<string, string>) {
  const r = parseWithZod(new URLSearchParams(fields), { schema });
  return r.status === "success"
    ? { success: true as const, data: r.value as z.infer<S>, messages: [] }
    : {
        success: false as const,
        data: undefined,
        messages: Object.values(r.error ?? {})
          .flat()
          .filter((m): m is string => !!m)
          .sort(),
      };
}
const rules = parseForm(ContestRulesSchema, form).data!;
const facts: ContestFacts = {
  entryCount: 3,
  earliestPart: "2020-12-01",
  latestPart: "2021-09-30",
  latestOnlineSubmit: new Date("2021-11-10T10:00:00Z"),
  latestPostmark: "2021-11-09",
  maxParts: 4,
  maxAuthors: 2,
  scoreCount: 0,
};

describe("ContestRulesSchema", () => {
  it("reads checkboxes and numbers from a form and refuses a window that ends before it starts or a bad zone", () => {
    expect(rules).toMatchObject({ postmarkCounts: true, blindJudging: false, maxPartsPerEntry: 5 });
    const bad = parseForm(ContestRulesSchema, { ...form, publicationEnd: "2020-01-01", timeZone: "Mars/Base" });
    expect(bad.success).toBe(false);
    expect(bad.messages).toEqual(["organizer:validation.timeZone", "organizer:validation.windowOrder"]);
    const order = parseForm(ContestRulesSchema, { ...form, publicationEnd: "2020-01-01" });
    expect(order.messages).toEqual(["organizer:validation.windowOrder"]);
  });
});

describe("ContestRulesSchema: judging rules", () => {
  it("reads the tie-break rule, invitation validity and reason minimums, refusing an unknown rule or a zero minimum", () => {
    const ok = parseForm(ContestRulesSchema, {
      ...form,
      tieBreakRule: "FIRST_CRITERION_THEN_TOP_MARKS",
      judgeInviteDays: "7",
      minReasonTie: "20",
      minReasonRecuse: "3",
    });
    expect(ok.data).toMatchObject({
      tieBreakRule: "FIRST_CRITERION_THEN_TOP_MARKS",
      judgeInviteDays: 7,
      minReasonTie: 20,
      minReasonRecuse: 3,
    });
    // Left out: unchanged (the update skips undefined columns).
    expect(ok.data!.minReasonConflict).toBeUndefined();
    expect(parseForm(ContestRulesSchema, { ...form, tieBreakRule: "COIN_TOSS" }).success).toBe(false);
    expect(parseForm(ContestRulesSchema, { ...form, minReasonTie: "0" }).messages).toEqual([
      "organizer:validation.min",
    ]);
  });
});

describe("RoundSchema: score step", () => {
  const round = {
    position: "1",
    nameVi: "Sơ khảo",
    source: "ALL_ELIGIBLE",
    advancementRule: "NONE",
    aggregation: "MEAN",
    minJudgesPerEntry: "1",
  };
  it("reads a positive step, and leaves it to the database default when empty", () => {
    expect(parseForm(RoundSchema, { ...round, scoreStep: "0.5" }).data).toMatchObject({ scoreStep: 0.5 });
    expect(parseForm(RoundSchema, round).data!.scoreStep).toBeUndefined();
    expect(parseForm(RoundSchema, { ...round, scoreStep: "0" }).messages).toEqual(["organizer:validation.min"]);
  });
});

describe("checkRulesChange", () => {
  it("allows anything while no entry exists", () => {
    expect(
      checkRulesChange({ ...rules, maxPartsPerEntry: 1, publicationStart: "2021-09-01" }, { ...facts, entryCount: 0 }),
    ).toEqual([]);
  });
  it("refuses a window, deadline or limit that existing entries would break, saying why", () => {
    expect(checkRulesChange(rules, facts)).toEqual([]);
    const refused = checkRulesChange(
      {
        ...rules,
        publicationStart: "2021-01-01",
        publicationEnd: "2021-09-01",
        submissionDeadline: "2021-11-08",
        maxPartsPerEntry: 3,
        maxAuthorsPerEntry: 1,
      },
      facts,
    );
    expect(refused.map((r) => r.code)).toEqual([
      "window_start",
      "window_end",
      "deadline_submit",
      "deadline_postmark",
      "max_parts",
      "max_authors",
    ]);
    expect(refused[0]!.params).toEqual({ date: "2020-12-01" });
  });
});

describe("category, rubric and round checks", () => {
  it("refuses deleting a category with entries or changing its prefix", () => {
    expect(
      checkCategoryChange({ code: "print", codePrefix: "BI" }, null, { entryCount: 2, awardCount: 0 })[0]!.code,
    ).toBe("category_delete");
    const next = { code: "print", nameVi: "Báo in", nameEn: "", codePrefix: "BX", sortOrder: 1, urlRequired: false };
    expect(
      checkCategoryChange({ code: "print", codePrefix: "BI" }, next, { entryCount: 2, awardCount: 0 }).map(
        (r) => r.code,
      ),
    ).toEqual(["category_prefix"]);
    expect(checkCategoryChange({ code: "print", codePrefix: "BI" }, next, { entryCount: 0, awardCount: 0 })).toEqual(
      [],
    );
  });
  it("refuses changing a rubric that has scores", () => {
    expect(checkRubricChange({ scoreCount: 0 })).toEqual([]);
    expect(checkRubricChange({ scoreCount: 4 })[0]!.code).toBe("rubric_scored");
    expect(checkRubricChange({ scoreCount: 0, assignmentCount: 2 }, true)[0]!.code).toBe("round_assigned");
  });
  it("turns per-kind size limits into evidence rules", () => {
    const r = evidenceRulesFromForm({
      code: "x",
      nameVi: "x",
      nameEn: "",
      codePrefix: "X",
      sortOrder: 0,
      urlRequired: false,
      documentMaxMb: 100,
      audioMaxMb: undefined,
    });
    expect(r).toEqual([{ kind: "document", mimeTypes: ["application/pdf"], maxBytes: 100 * 1024 * 1024 }]);
  });
  it("keeps a kind's own file types when the category is saved again (the online PNG-only rule)", () => {
    const current = [
      { kind: "document" as const, mimeTypes: ["application/pdf"], maxBytes: 100 * 1024 * 1024 },
      { kind: "image" as const, mimeTypes: ["image/png"], maxBytes: 50 * 1024 * 1024 },
    ];
    const r = evidenceRulesFromForm(
      {
        code: "online",
        nameVi: "Báo điện tử",
        nameEn: "",
        codePrefix: "DT",
        sortOrder: 4,
        urlRequired: true,
        documentMaxMb: 100,
        imageMaxMb: 20,
        videoMaxMb: 300,
      },
      current,
    );
    expect(r).toEqual([
      { kind: "document", mimeTypes: ["application/pdf"], maxBytes: 100 * 1024 * 1024 },
      { kind: "image", mimeTypes: ["image/png"], maxBytes: 20 * 1024 * 1024 },
      { kind: "video", mimeTypes: ["video/mp4", "video/quicktime", "video/webm"], maxBytes: 300 * 1024 * 1024 },
    ]);
  });
  it("requires N for a top-N rule and k at least the minimum judges", () => {
    const round = {
      position: "1",
      nameVi: "Sơ khảo",
      source: "ALL_ELIGIBLE",
      advancementRule: "TOP_N",
      aggregation: "MEAN",
      minJudgesPerEntry: "2",
      judgesPerEntry: "1",
    };
    expect(parseForm(RoundSchema, round).messages).toEqual(["organizer:validation.kBelowMin", "validation.required"]);
    const ok = parseForm(RoundSchema, { ...round, advanceTopN: "20", judgesPerEntry: "" });
    expect(ok.data).toMatchObject({ advanceTopN: 20, judgesPerEntry: undefined, isFinal: false });
  });
});

describe("checkRoundChange", () => {
  const before = {
    nameVi: "Sơ khảo",
    judgesSeeOtherScores: false,
    advancementRule: "TOP_N",
    advanceTopN: 20,
    isFinal: false,
    judgesPerEntry: 2,
    aggregation: "MEAN",
  };
  it("lets anything change before the first score", () => {
    expect(checkRoundChange(before, { ...before, advanceTopN: 10 }, { scoreCount: 0 })).toEqual([]);
  });
  it("once scored, allows only names and visibility flags and refuses what decides results", () => {
    expect(
      checkRoundChange(before, { ...before, nameVi: "Vòng 1", judgesSeeOtherScores: true }, { scoreCount: 7 }),
    ).toEqual([]);
    for (const change of [
      { advanceTopN: 10 },
      { advancementRule: "THRESHOLD" },
      { isFinal: true },
      { judgesPerEntry: 3 },
      { aggregation: "MEDIAN" },
    ]) {
      expect(checkRoundChange(before, { ...before, ...change }, { scoreCount: 7 })).toEqual([
        { code: "rubric_scored", params: { n: 7 } },
      ]);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  liveScoreCheck,
  maxTotal,
  parseScoreInput,
  validateRubric,
  validateScoreValues,
  weightedTotal,
} from "#app/domain/rubric.ts";

const rubric = [
  { id: "c1", position: 1, maxPoints: 40, weight: 1 },
  { id: "c2", position: 2, maxPoints: 30, weight: 1 },
  { id: "c3", position: 3, maxPoints: 30, weight: 2 },
];

describe("rubric", () => {
  it("accepts the seed rubric and rejects empty, non-positive and duplicate criteria", () => {
    expect(validateRubric(rubric)).toEqual([]);
    expect(validateRubric([])).toEqual([{ code: "rubric.empty" }]);
    expect(
      validateRubric([
        { id: "a", position: 1, maxPoints: 0, weight: 1 },
        { id: "b", position: 1, maxPoints: 10, weight: -1 },
      ]).map((p) => p.code),
    ).toEqual(["rubric.badMax", "rubric.badWeight", "rubric.duplicatePosition"]);
  });

  it("checks each value against its criterion's bounds and the quarter-point step", () => {
    expect(validateScoreValues(rubric, { c1: 40, c2: 0, c3: 29.75 }, { complete: true, step: 0.25 })).toEqual({});
    expect(validateScoreValues(rubric, { c1: 40.25, c2: -1, c3: 7.3 }, { complete: true, step: 0.25 })).toEqual({
      c1: "score.aboveMax",
      c2: "score.belowZero",
      c3: "score.step",
    });
    expect(validateScoreValues(rubric, { c1: Number.NaN, cX: 3 }, { complete: false, step: 0.25 })).toEqual({
      c1: "score.notNumber",
      cX: "score.unknownCriterion",
    });
  });

  it("follows the round's step: 0.5 refuses 7.25, 1 refuses any fraction, 0.1 accepts 7.3", () => {
    expect(validateScoreValues(rubric, { c1: 7.5, c2: 7.25 }, { complete: false, step: 0.5 })).toEqual({
      c2: "score.step",
    });
    expect(validateScoreValues(rubric, { c1: 8, c2: 7.5 }, { complete: false, step: 1 })).toEqual({ c2: "score.step" });
    expect(validateScoreValues(rubric, { c1: 7.3, c2: 0.1 }, { complete: false, step: 0.1 })).toEqual({});
  });

  it("lets a draft leave criteria empty but requires every criterion on submission", () => {
    expect(validateScoreValues(rubric, { c1: 30 }, { complete: false, step: 0.25 })).toEqual({});
    expect(validateScoreValues(rubric, { c1: 30, c2: null }, { complete: true, step: 0.25 })).toEqual({
      c2: "score.missing",
      c3: "score.missing",
    });
  });

  it("weights the total and reports the maximum a judge can give", () => {
    expect(weightedTotal(rubric, { c1: 30, c2: 20, c3: 10 })).toBe(70);
    expect(weightedTotal(rubric, { c1: 30, c2: 20 })).toBeNull();
    expect(maxTotal(rubric)).toBe(130);
  });

  it("reads a Vietnamese decimal comma and refuses text", () => {
    expect(parseScoreInput("8,5")).toBe(8.5);
    expect(parseScoreInput(" 12 ")).toBe(12);
    expect(parseScoreInput("")).toBeNull();
    expect(parseScoreInput("tám")).toBeNaN();
    expect(parseScoreInput("1e3")).toBeNaN();
  });
});

describe("liveScoreCheck (what the judge sees while typing)", () => {
  const rubric = [
    { id: "a", position: 1, maxPoints: 40, weight: 1 },
    { id: "b", position: 2, maxPoints: 30, weight: 1 },
    { id: "c", position: 3, maxPoints: 30, weight: 1 },
  ];

  it("flags letters, values above the maximum and off-step values per criterion", () => {
    expect(liveScoreCheck(rubric, { a: "abc", b: "41", c: "12.3" }, 0.25).problems).toEqual({
      a: "score.notNumber",
      b: "score.aboveMax",
      c: "score.step",
    });
    expect(liveScoreCheck(rubric, { a: "41" }, 0.25).problems).toEqual({ a: "score.aboveMax" });
  });

  it("totals only the valid values and says how many it counted, never NaN", () => {
    expect(liveScoreCheck(rubric, { a: "abc", b: "20", c: "12,25" }, 0.25)).toEqual({
      problems: { a: "score.notNumber" },
      total: 32.25,
      counted: 2,
    });
    expect(liveScoreCheck(rubric, { a: "38", b: "27", c: "25" }, 0.25)).toEqual({
      problems: {},
      total: 90,
      counted: 3,
    });
    expect(liveScoreCheck(rubric, {}, 0.25)).toEqual({ problems: {}, total: 0, counted: 0 });
  });

  it("checks the step the round sets, not a fixed quarter point", () => {
    expect(liveScoreCheck(rubric, { a: "12,25", b: "12,5" }, 0.5).problems).toEqual({ a: "score.step" });
  });

  it("does not treat an empty field as an error while typing", () => {
    expect(liveScoreCheck(rubric, { a: "", b: " " }, 0.25).problems).toEqual({});
  });
});

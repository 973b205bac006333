import { describe, expect, it } from "vitest";
import { reasonLongEnough, reasonMessageOptions, reasonMinimums } from "#app/domain/reasons.ts";

describe("reason minimums (contest settings)", () => {
  it("counts the trimmed reason against the minimum, never accepting an empty one", () => {
    expect(reasonLongEnough("  abcd ", 5)).toBe(false);
    expect(reasonLongEnough(" abcde ", 5)).toBe(true);
    expect(reasonLongEnough("   ", 0)).toBe(false);
    expect(reasonLongEnough("x", 0)).toBe(true);
  });
  it("reads the minimums from the contest's columns", () => {
    expect(
      reasonMinimums({
        minReasonConflict: 5,
        minReasonOverride: 1,
        minReasonRecuse: 2,
        minReasonReopen: 5,
        minReasonTie: 10,
        minReasonIneligible: 3,
      }),
    ).toEqual({ conflict: 5, override: 1, recuse: 2, reopen: 5, tie: 10, ineligible: 3 });
  });
  it("names the minimum in the message only when it is above one character", () => {
    expect(reasonMessageOptions(1)).toEqual({ min: 1 });
    expect(reasonMessageOptions(8)).toEqual({ min: 8, context: "min" });
  });
});

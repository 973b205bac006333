import { describe, expect, it } from "vitest";
import { canChangeEntryStatus, canChangePhase, canDecideEligibility, canRegisterMailed, nextPhases } from "#app/domain/status.ts";

describe("contest phases", () => {
  it("walks DRAFT → OPEN → CLOSED → JUDGING → RESULTS_REVIEW → PUBLISHED", () => {
    expect(canChangePhase("DRAFT", "OPEN")).toBe(true);
    expect(canChangePhase("OPEN", "CLOSED")).toBe(true);
    expect(canChangePhase("CLOSED", "JUDGING")).toBe(true);
    expect(canChangePhase("JUDGING", "RESULTS_REVIEW")).toBe(true);
    expect(canChangePhase("RESULTS_REVIEW", "PUBLISHED")).toBe(true);
  });
  it("refuses skipping steps and leaving PUBLISHED", () => {
    expect(canChangePhase("OPEN", "PUBLISHED")).toBe(false);
    expect(canChangePhase("DRAFT", "JUDGING")).toBe(false);
    expect(nextPhases("PUBLISHED")).toEqual([]);
  });
});

describe("entry statuses", () => {
  it("lets a draft be submitted and a submission be decided or withdrawn", () => {
    expect(canChangeEntryStatus("DRAFT", "SUBMITTED")).toBe(true);
    expect(canChangeEntryStatus("SUBMITTED", "INELIGIBLE")).toBe(true);
    expect(canChangeEntryStatus("SUBMITTED", "WITHDRAWN")).toBe(true);
  });
  it("never revives a withdrawn entry nor decides a draft", () => {
    expect(canChangeEntryStatus("WITHDRAWN", "SUBMITTED")).toBe(false);
    expect(canChangeEntryStatus("DRAFT", "ELIGIBLE")).toBe(false);
  });
});

describe("what each phase allows", () => {
  it("lets eligibility change until publication, never after", () => {
    expect(canDecideEligibility("CLOSED")).toBe(true);
    expect(canDecideEligibility("RESULTS_REVIEW")).toBe(true);
    expect(canDecideEligibility("PUBLISHED")).toBe(false);
  });
  it("takes paper entries while open or just closed, not once judging started", () => {
    expect(canRegisterMailed("OPEN")).toBe(true);
    expect(canRegisterMailed("CLOSED")).toBe(true);
    expect(canRegisterMailed("JUDGING")).toBe(false);
    expect(canRegisterMailed("PUBLISHED")).toBe(false);
  });
});

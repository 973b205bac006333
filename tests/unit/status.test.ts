import { describe, expect, it } from "vitest";
import {
  canChangeEntryStatus,
  canChangePhase,
  canChangeRoundStatus,
  canDecideEligibility,
  canRegisterMailed,
  judgesMayRead,
  judgesMayScore,
  nextPhases,
  openRoundRefusal,
  type RoundStatus,
} from "#app/domain/status.ts";

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

describe("round statuses", () => {
  const all: RoundStatus[] = ["PENDING", "OPEN", "CLOSED"];
  it("allows exactly PENDING → OPEN → CLOSED", () => {
    const allowed = all.flatMap((from) =>
      all.filter((to) => canChangeRoundStatus(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(["PENDING→OPEN", "OPEN→CLOSED"]);
  });
  it("never reopens, skips, or stays put", () => {
    expect(canChangeRoundStatus("CLOSED", "OPEN")).toBe(false);
    expect(canChangeRoundStatus("PENDING", "CLOSED")).toBe(false);
    expect(canChangeRoundStatus("OPEN", "OPEN")).toBe(false);
    expect(canChangeRoundStatus("OPEN", "PENDING")).toBe(false);
  });
  it("lets judges read open and closed rounds, score only open ones while judging", () => {
    expect(all.filter(judgesMayRead)).toEqual(["OPEN", "CLOSED"]);
    expect(judgesMayScore("OPEN", "JUDGING")).toBe(true);
    expect(judgesMayScore("CLOSED", "JUDGING")).toBe(false);
    expect(judgesMayScore("PENDING", "JUDGING")).toBe(false);
    expect(judgesMayScore("OPEN", "RESULTS_REVIEW")).toBe(false);
  });
});

describe("opening a round", () => {
  const ready = { phase: "JUDGING" as const, earlierRounds: ["CLOSED" as const], assignments: 4 };
  it("is allowed while judging, earlier rounds closed, with assignments", () => {
    expect(openRoundRefusal(ready)).toBeNull();
    expect(openRoundRefusal({ ...ready, earlierRounds: [] })).toBeNull();
  });
  it("names the first reason it is refused", () => {
    expect(openRoundRefusal({ ...ready, phase: "CLOSED" })).toBe("round_open_phase");
    expect(openRoundRefusal({ ...ready, phase: "RESULTS_REVIEW", assignments: 0 })).toBe("round_open_phase");
    expect(openRoundRefusal({ ...ready, earlierRounds: ["CLOSED", "OPEN"] })).toBe("round_open_previous");
    expect(openRoundRefusal({ ...ready, earlierRounds: ["PENDING"] })).toBe("round_open_previous");
    expect(openRoundRefusal({ ...ready, assignments: 0 })).toBe("round_open_no_assignments");
  });
});

/**
 * The life cycles of a contest and of an entry, as transition tables. Services change a phase
 * or a status only through the functions in app/server that consult these.
 */
export type ContestPhase = "DRAFT" | "OPEN" | "CLOSED" | "JUDGING" | "RESULTS_REVIEW" | "PUBLISHED";
export type EntryStatus = "DRAFT" | "SUBMITTED" | "ELIGIBLE" | "INELIGIBLE" | "WITHDRAWN";

const PHASES: Record<ContestPhase, readonly ContestPhase[]> = {
  DRAFT: ["OPEN"],
  OPEN: ["CLOSED", "DRAFT"],
  CLOSED: ["JUDGING", "OPEN"],
  JUDGING: ["RESULTS_REVIEW"],
  RESULTS_REVIEW: ["PUBLISHED", "JUDGING"],
  PUBLISHED: [],
};

export function canChangePhase(from: ContestPhase, to: ContestPhase): boolean {
  return PHASES[from].includes(to);
}

export function nextPhases(from: ContestPhase): readonly ContestPhase[] {
  return PHASES[from];
}

const ENTRY: Record<EntryStatus, readonly EntryStatus[]> = {
  DRAFT: ["SUBMITTED"],
  SUBMITTED: ["ELIGIBLE", "INELIGIBLE", "WITHDRAWN"],
  // An organizer may revise an eligibility decision, with a reason.
  ELIGIBLE: ["INELIGIBLE", "SUBMITTED"],
  INELIGIBLE: ["ELIGIBLE", "SUBMITTED"],
  WITHDRAWN: [],
};

export function canChangeEntryStatus(from: EntryStatus, to: EntryStatus): boolean {
  return ENTRY[from].includes(to);
}

/** Eligibility may be decided or revised until the results are published, never after. */
export function canDecideEligibility(phase: ContestPhase): boolean {
  return phase !== "DRAFT" && phase !== "PUBLISHED";
}

/** Paper entries are registered while entries come in or just after, before judging starts. */
export function canRegisterMailed(phase: ContestPhase): boolean {
  return phase === "OPEN" || phase === "CLOSED";
}

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

/**
 * A judging round: PENDING until the organizer opens it (or the previous round's closing opens
 * it), OPEN while judges score, CLOSED once its results are stored. Never back.
 */
export type RoundStatus = "PENDING" | "OPEN" | "CLOSED";

const ROUND: Record<RoundStatus, readonly RoundStatus[]> = {
  PENDING: ["OPEN"],
  OPEN: ["CLOSED"],
  CLOSED: [],
};

export function canChangeRoundStatus(from: RoundStatus, to: RoundStatus): boolean {
  return ROUND[from].includes(to);
}

/** Judges read a round's entries while it is open and, read-only, once closed; never before. */
export function judgesMayRead(status: RoundStatus): boolean {
  return status === "OPEN" || status === "CLOSED";
}

/** Scores are written (by form or import) only while the round is open and the contest judging. */
export function judgesMayScore(status: RoundStatus, phase: ContestPhase): boolean {
  return status === "OPEN" && phase === "JUDGING";
}

export type RoundOpenRefusal = "round_open_phase" | "round_open_previous" | "round_open_no_assignments";

/**
 * Why an organizer may not open a round, or null when it may be opened: the contest must be
 * judging, every earlier round closed, and the round must have at least one assignment (else
 * judges would find nothing). The round's own status is the transition table's business.
 */
export function openRoundRefusal(f: {
  phase: ContestPhase;
  earlierRounds: readonly RoundStatus[];
  assignments: number;
}): RoundOpenRefusal | null {
  if (f.phase !== "JUDGING") return "round_open_phase";
  if (f.earlierRounds.some((s) => s !== "CLOSED")) return "round_open_previous";
  if (f.assignments === 0) return "round_open_no_assignments";
  return null;
}

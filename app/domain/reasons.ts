/**
 * The decisions that must carry a written reason, and how long it must be. The minimums are
 * contest settings (Contest.minReason*); callers pass them in so the rule stays pure.
 */
export const REASON_KINDS = ["conflict", "override", "recuse", "reopen", "tie", "ineligible"] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];
export type ReasonMinimums = Record<ReasonKind, number>;

/** The contest columns holding the minimums, by decision. */
export const REASON_FIELDS = {
  conflict: "minReasonConflict",
  override: "minReasonOverride",
  recuse: "minReasonRecuse",
  reopen: "minReasonReopen",
  tie: "minReasonTie",
  ineligible: "minReasonIneligible",
} as const satisfies Record<ReasonKind, string>;

export type ReasonSettings = { [K in (typeof REASON_FIELDS)[ReasonKind]]: number };

export function reasonMinimums(contest: ReasonSettings): ReasonMinimums {
  return Object.fromEntries(REASON_KINDS.map((k) => [k, contest[REASON_FIELDS[k]]])) as ReasonMinimums;
}

/** A reason counts once trimmed; a required reason is never empty, whatever the setting says. */
export function reasonLongEnough(reason: string, min: number): boolean {
  return reason.trim().length >= Math.max(1, min);
}

/**
 * The i18next context of a "reason required" message: `<key>_min` names the minimum when it is
 * above one character; otherwise the plain `<key>` ("please give a reason") reads better.
 */
export function reasonMessageOptions(min: number): { min: number; context?: "min" } {
  return min > 1 ? { min, context: "min" } : { min };
}

/**
 * The one refusal type of the platform (ADR 006): a rule or a service refuses with a code
 * from the registry below and the values its message needs, never with prose. The code
 * decides the HTTP status (through its kind) and the message (key `refusals:<code>` in the
 * vi and en catalogues); routes turn it into a form error or an error page in the reader's
 * language (app/server/shared/refusals.server.ts).
 */

/** What kind of "no" a refusal is; it decides the HTTP status, not the throw site. */
export type RefusalKind =
  | "invalid"
  | "forbidden"
  | "notFound"
  | "conflict"
  | "unauthenticated"
  | "malformed"
  | "tooLarge"
  | "unsupported"
  | "tooMany";

export const STATUS_OF_KIND: Record<RefusalKind, number> = {
  invalid: 422,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  // the upload protocol's answers (tus): its client tells these apart
  unauthenticated: 401,
  malformed: 400,
  tooLarge: 413,
  unsupported: 415,
  tooMany: 429,
};

/**
 * Every refusal code and its kind. A code thrown anywhere must be listed here (a typo is a
 * type error) and have `refusals:<code>` in both catalogues (tests/unit/refusal-catalogue.test.ts).
 */
export const REFUSALS = {
  // contest phase, entry status and round status (status.server.ts)
  phase_transition: "conflict",
  phase_conflict: "conflict",
  status_transition: "conflict",
  status_conflict: "conflict",
  round_transition: "conflict",
  round_conflict: "conflict",
  // a journalist's entry
  deadline: "conflict",
  readonly: "conflict",
  stale: "conflict",
  category: "invalid",
  category_locked: "conflict",
  gone: "notFound",
  entry_not_found: "notFound",
  entry_rules: "invalid",
  // rounds
  round_not_found: "notFound",
  round_not_pending: "conflict",
  round_open_phase: "conflict",
  round_open_previous: "conflict",
  round_open_no_assignments: "conflict",
  round_not_open: "conflict",
  round_flags: "conflict",
  // judging
  not_assigned: "notFound",
  no_longer_assigned: "notFound",
  round_closed: "conflict",
  score_locked: "conflict",
  score_invalid: "invalid",
  decline_round_closed: "conflict",
  decline_score_locked: "conflict",
  decline_reason_required: "invalid",
  score_not_found: "notFound",
  reopen_round_closed: "conflict",
  score_not_submitted: "conflict",
  // assignments
  assign_round_closed: "conflict",
  recuse_reason_required: "invalid",
  entry_not_in_round: "conflict",
  judge_not_in_panel: "conflict",
  already_assigned: "conflict",
  conflict_needs_reason: "conflict",
  has_submitted_score: "conflict",
  judge_not_assigned: "conflict",
  // eligibility
  ineligible_reason_required: "invalid",
  phase_eligibility: "conflict",
  // results, ties and publication
  contest_not_found: "notFound",
  published: "conflict",
  tie_phase: "conflict",
  tie_not_found: "conflict",
  reason_required: "invalid",
  bad_order: "invalid",
  no_rule: "conflict",
  rule_cannot_separate: "conflict",
  publish_phase: "conflict",
  final_round_open: "conflict",
  ties_unresolved: "conflict",
  // contest settings and structure (contest-settings.ts)
  window_start: "conflict",
  window_end: "conflict",
  deadline_submit: "conflict",
  deadline_postmark: "conflict",
  max_parts: "conflict",
  max_authors: "conflict",
  category_delete: "conflict",
  category_prefix: "conflict",
  category_code: "conflict",
  rubric_scored: "conflict",
  round_assigned: "conflict",
  tiers_awarded: "conflict",
  duplicate: "conflict",
  slug_taken: "conflict",
  no_such_user: "invalid",
  // accounts
  two_factor_no_account: "invalid",
  // evidence uploads (uploads.server.ts, answered through the tus protocol)
  upload_entry_not_found: "notFound",
  upload_part_not_found: "notFound",
  upload_locked: "conflict",
  upload_sign_in: "unauthenticated",
  upload_not_found: "notFound",
  upload_size_required: "malformed",
  upload_too_large: "tooLarge",
  upload_quota_count: "tooMany",
  upload_quota_bytes: "tooLarge",
  upload_wrong_type: "unsupported",
  upload_file_too_large: "tooLarge",
  upload_broken_pdf: "invalid",
  // press agencies (agencies.ts)
  agency_name_required: "invalid",
  agency_spelling_taken: "conflict",
} as const satisfies Record<string, RefusalKind>;

export type RefusalCode = keyof typeof REFUSALS;

/** Values a message interpolates; an ISO date (yyyy-mm-dd) is shown dd/mm/yyyy. */
export type RefusalParams = Record<string, string | number>;

/** One refusal as data: what rule checks return when they report several at once. */
export interface Refusal {
  code: RefusalCode;
  params?: RefusalParams;
}

export const refusalKey = (code: RefusalCode) => `refusals:${code}` as const;

/** The HTTP status of a refusal, from its kind. */
export const statusOf = (code: RefusalCode): number => STATUS_OF_KIND[REFUSALS[code]];

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

/**
 * A rule of the domain refused the action. `others` carries further refusals of the same
 * check (a settings form can break several rules at once) so the form lists them all.
 * The Error message is the code and its values, for logs only: people read the catalogue.
 */
export class DomainError extends Error {
  readonly status: number;
  readonly kind: RefusalKind;
  constructor(
    public readonly code: RefusalCode,
    public readonly params: RefusalParams = {},
    public readonly others: readonly Refusal[] = [],
  ) {
    super(Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code);
    this.name = "DomainError";
    this.kind = REFUSALS[code];
    this.status = STATUS_OF_KIND[this.kind];
  }

  /** Every refusal it carries, itself first. */
  get all(): Refusal[] {
    return [{ code: this.code, params: this.params }, ...this.others];
  }

  /** Throws the refusals a check returned, if any (the first decides the status). */
  static throwIf(list: readonly Refusal[]): void {
    const [first, ...rest] = list;
    if (first) throw new DomainError(first.code, first.params, rest);
  }
}

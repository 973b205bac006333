/**
 * Reasons the app itself writes into rows (an entry's status reason, an audit event's reason, a
 * tie resolution) are codes, worded when shown in the reader's language. Rows written before
 * that hold Vietnamese text; this module recognises them so they still read in either language
 * (no migration: the audit log is append-only).
 */

/** Codes of reasons written by the app; each has `organizer:audit.autoReason.<code>` in vi and en. */
export const AUTO_REASON_CODES = ["final_round_closed", "author_withdrew"] as const;
export type AutoReason = (typeof AUTO_REASON_CODES)[number];

/** What earlier versions stored instead of the code. */
const LEGACY_AUTO: Record<string, AutoReason> = {
  "final round closed": "final_round_closed",
  "Tác giả rút tác phẩm": "author_withdrew",
};
/** A tie decided by the contest's rule was stored as "Quy tắc phụ <RULE>". */
const LEGACY_TIE_RULE = /^Quy tắc phụ (\S+)$/;

/** The code of a stored reason the app wrote (current or legacy), or null for a person's words. */
export function autoReason(reason: string): AutoReason | null {
  const r = reason.trim();
  if ((AUTO_REASON_CODES as readonly string[]).includes(r)) return r as AutoReason;
  return LEGACY_AUTO[r] ?? null;
}

/**
 * A stored tie resolution's reason: a person's words, or (decided by the rule) the rule's code.
 * Today the rule is stored as `rule` with an empty reason; earlier rows carry it in the text.
 */
export function tieReason(stored: { decision: string; reason: string; rule?: string }): {
  reason: string;
  rule: string | null;
} {
  if (stored.decision !== "TIE_RESOLVED") return { reason: stored.reason, rule: null };
  if (stored.rule) return { reason: stored.reason, rule: stored.rule };
  const legacy = LEGACY_TIE_RULE.exec(stored.reason.trim());
  return legacy ? { reason: "", rule: legacy[1]! } : { reason: stored.reason, rule: null };
}

/**
 * Eligibility of an entry under its contest's rules. Pure: the caller passes the rules and
 * `now`. The browser runs it as the user types and the server runs it again before saving a
 * submitted entry and at submission; each issue names the rule it breaks.
 */
import { deadlineEndsAt, isBeforeDeadline, isIsoDate, isWithinWindow, type IsoDate } from "./dates.ts";
import { ruleForMime, type EvidenceRule } from "./evidence.ts";
import { percentToBp, type EntryForm } from "./entry-form.ts";

export type RuleCode =
  | "open"
  | "deadline"
  | "window"
  | "single"
  | "series"
  | "maxParts"
  | "maxAuthors"
  | "shares"
  | "url"
  | "evidence"
  | "declaration"
  | "otherAward";

export interface RuleIssue {
  rule: RuleCode;
  /** Dotted path of the field concerned ("parts.1.publishedOn"), "" for the whole entry. */
  path: string;
  params?: Record<string, string | number>;
}

export interface ContestRules {
  phase: string;
  publicationStart: IsoDate;
  publicationEnd: IsoDate;
  submissionDeadline: IsoDate;
  timeZone: string;
  maxPartsPerEntry: number;
  maxAuthorsPerEntry: number;
}

export interface CategoryRules {
  urlRequired: boolean;
  evidenceRules: EvidenceRule[];
}

type Checked = Pick<
  EntryForm,
  "kind" | "parts" | "authors" | "declaredOriginal" | "declaredOtherAward" | "otherAwardDetails"
>;

/** Whether the owner may still change the entry (save, upload, submit, withdraw). */
export function isOpenForChanges(
  contest: Pick<ContestRules, "phase" | "submissionDeadline" | "timeZone">,
  now: Date,
): boolean {
  return contest.phase === "OPEN" && isBeforeDeadline(now, contest.submissionDeadline, contest.timeZone);
}

export function timingIssues(contest: ContestRules, now: Date): RuleIssue[] {
  if (contest.phase !== "OPEN") return [{ rule: "open", path: "" }];
  if (!isBeforeDeadline(now, contest.submissionDeadline, contest.timeZone)) {
    return [
      {
        rule: "deadline",
        path: "",
        params: { endsAt: deadlineEndsAt(contest.submissionDeadline, contest.timeZone).toISOString() },
      },
    ];
  }
  return [];
}

/**
 * Parts published outside the contest's publication window, each named by its 1-based number
 * and date. Shared by online entries and paper entries registered by the organizer.
 */
export function windowIssues(
  parts: readonly { publishedOn: string }[],
  window: Pick<ContestRules, "publicationStart" | "publicationEnd">,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  parts.forEach((p, i) => {
    // A date still being typed is the date field's own error, not a window issue.
    if (
      p.publishedOn &&
      isIsoDate(p.publishedOn) &&
      !isWithinWindow(p.publishedOn, window.publicationStart, window.publicationEnd)
    ) {
      issues.push({
        rule: "window",
        path: `parts.${i}.publishedOn`,
        params: { part: i + 1, date: p.publishedOn, start: window.publicationStart, end: window.publicationEnd },
      });
    }
  });
  return issues;
}

/**
 * Every rule an entry must meet to be submitted. `files` lists the evidence already uploaded
 * (part index + sniffed type); pass null to skip the evidence rule (not known yet).
 */
/**
 * The authors rule of every entry, online or mailed: at most the contest's number of authors,
 * shares adding up to exactly 100 %.
 */
export function authorIssues(authors: readonly { sharePercent: number }[], maxAuthorsPerEntry: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const a = authors.length;
  if (a > maxAuthorsPerEntry)
    issues.push({ rule: "maxAuthors", path: "authors", params: { max: maxAuthorsPerEntry, count: a } });
  const totalBp = authors.reduce((s, x) => s + percentToBp(x.sharePercent), 0);
  if (a > 0 && totalBp !== 10_000) issues.push({ rule: "shares", path: "authors", params: { total: totalBp / 100 } });
  return issues;
}

export function checkEligibility(
  entry: Checked,
  contest: ContestRules,
  category: CategoryRules | null,
  now: Date,
  files: { partIndex: number; mimeType: string }[] | null,
): RuleIssue[] {
  const issues: RuleIssue[] = [...timingIssues(contest, now)];
  const n = entry.parts.length;
  if (entry.kind === "SINGLE" && n !== 1) issues.push({ rule: "single", path: "parts", params: { count: n } });
  if (entry.kind === "SERIES" && n < 2) issues.push({ rule: "series", path: "parts", params: { count: n } });
  if (n > contest.maxPartsPerEntry) {
    issues.push({ rule: "maxParts", path: "parts", params: { max: contest.maxPartsPerEntry, count: n } });
  }
  issues.push(...windowIssues(entry.parts, contest));
  entry.parts.forEach((p, i) => {
    if (category?.urlRequired && !p.url) issues.push({ rule: "url", path: `parts.${i}.url`, params: { part: i + 1 } });
  });
  if (files && category) {
    entry.parts.forEach((_, i) => {
      const ok = files.some((f) => f.partIndex === i && ruleForMime(category.evidenceRules, f.mimeType));
      if (!ok) issues.push({ rule: "evidence", path: `parts.${i}.files`, params: { part: i + 1 } });
    });
  }
  issues.push(...authorIssues(entry.authors, contest.maxAuthorsPerEntry));
  if (!entry.declaredOriginal) issues.push({ rule: "declaration", path: "declaredOriginal" });
  if (entry.declaredOtherAward && !entry.otherAwardDetails.trim()) {
    issues.push({ rule: "otherAward", path: "otherAwardDetails" });
  }
  return issues;
}

/**
 * Automatic eligibility flags: facts an organizer should look at before deciding ELIGIBLE or
 * INELIGIBLE. A flag never decides by itself. Codes are stored in `Entry.flags` for filtering.
 * Pure: callers pass the entry, its contest's rules and (for duplicates) the other entries.
 */
import { deadlineEndsAt, isPostmarkAccepted, isWithinWindow, type IsoDate } from "./dates.ts";
import { ruleForMime, type EvidenceRule } from "./evidence.ts";
import { normalizeName } from "./text.ts";

export const FLAG_CODES = [
  "part_outside_window",
  "late_submission",
  "postmark_after_deadline",
  "missing_postmark",
  "missing_evidence",
  "missing_url",
  "too_many_parts",
  "too_many_authors",
  "duplicate_url",
  "duplicate_title",
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface FlagContest {
  publicationStart: IsoDate;
  publicationEnd: IsoDate;
  submissionDeadline: IsoDate;
  timeZone: string;
  postmarkCounts: boolean;
  maxPartsPerEntry: number;
  maxAuthorsPerEntry: number;
}

export interface FlagCategory {
  urlRequired: boolean;
  evidenceRules: readonly EvidenceRule[];
}

export interface FlagEntry {
  id: string;
  title: string;
  channel: "ONLINE" | "POSTAL";
  submittedAt: Date | null;
  postmarkDate: IsoDate | null;
  receivedDate: IsoDate | null;
  parts: { publishedOn: IsoDate; url: string }[];
  authorCount: number;
  /** Sniffed MIME types of the entry's live files (entry- and part-level). */
  fileMimes: string[];
}

/** Flags an entry earns on its own (duplicates need the other entries: see `findDuplicates`). */
export function entryFlags(entry: FlagEntry, contest: FlagContest, category: FlagCategory): FlagCode[] {
  const flags: FlagCode[] = [];
  if (entry.parts.some((p) => !isWithinWindow(p.publishedOn, contest.publicationStart, contest.publicationEnd))) {
    flags.push("part_outside_window");
  }
  if (entry.channel === "ONLINE") {
    const ends = deadlineEndsAt(contest.submissionDeadline, contest.timeZone);
    if (entry.submittedAt && entry.submittedAt.getTime() >= ends.getTime()) flags.push("late_submission");
    // A paper entry is its own evidence; online entries must carry files the category accepts.
    const accepted = entry.fileMimes.some((m) => ruleForMime(category.evidenceRules, m));
    if (category.evidenceRules.length > 0 && !accepted) flags.push("missing_evidence");
  } else {
    // Without the postmark rule a mailed entry counts by the day it was received.
    const date = contest.postmarkCounts ? entry.postmarkDate : entry.receivedDate;
    if (!date) flags.push("missing_postmark");
    else if (!isPostmarkAccepted(date, contest.submissionDeadline)) flags.push("postmark_after_deadline");
  }
  if (category.urlRequired && (entry.parts.length === 0 || entry.parts.some((p) => !p.url.trim()))) {
    flags.push("missing_url");
  }
  if (entry.parts.length > contest.maxPartsPerEntry) flags.push("too_many_parts");
  if (entry.authorCount > contest.maxAuthorsPerEntry) flags.push("too_many_authors");
  return flags;
}

/** A URL reduced to what identifies the page: no scheme, no www., no fragment, no trailing slash. */
export function normalizeUrl(url: string): string {
  const trimmed = url.trim();
  if (!trimmed) return "";
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    const host = u.hostname.toLowerCase().replace(/^www\./, "");
    const path = u.pathname.replace(/\/+$/, "");
    return `${host}${path}${u.search}`;
  } catch {
    return trimmed.toLowerCase();
  }
}

/** A title reduced for comparison: normalised name without spaces. */
export function titleKey(title: string): string {
  return normalizeName(title).replace(/ /g, "");
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Titles shorter than this (after normalisation) must match exactly to count as duplicates. */
export const FUZZY_TITLE_MIN = 15;

const digitsOf = (key: string) => key.replace(/\D+/g, " ").trim();

export interface DuplicateCandidate {
  id: string;
  title: string;
  urls: string[];
}

/**
 * Probable duplicates across entries: the same URL, or near-identical titles — equal after
 * normalisation (case, diacritics, punctuation, spacing), or, for titles of 15 characters or
 * more, one typing error apart with the same numbers ("số 12" and "số 13" are different works).
 * Candidates come from single-deletion variants of each title (linear in the number of
 * entries), then are confirmed with an edit distance.
 */
export function findDuplicates(entries: readonly DuplicateCandidate[]): Map<string, Set<FlagCode>> {
  const out = new Map<string, Set<FlagCode>>();
  const mark = (id: string, flag: FlagCode) => {
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    s.add(flag);
  };
  const byUrl = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const url of new Set(e.urls.map(normalizeUrl).filter(Boolean))) {
      const ids = byUrl.get(url) ?? new Set<string>();
      ids.add(e.id);
      byUrl.set(url, ids);
    }
  }
  for (const ids of byUrl.values()) if (ids.size > 1) for (const id of ids) mark(id, "duplicate_url");

  const keyed = entries.map((e) => ({ id: e.id, key: titleKey(e.title) })).filter((e) => e.key);
  const buckets = new Map<string, number[]>();
  const add = (variant: string, i: number) => {
    const list = buckets.get(variant);
    if (list) list.push(i);
    else buckets.set(variant, [i]);
  };
  keyed.forEach((e, i) => {
    add(`=${e.key}`, i);
    if (e.key.length < FUZZY_TITLE_MIN) return;
    add(`~${e.key}`, i);
    for (let p = 0; p < e.key.length; p++) add(`~${e.key.slice(0, p)}${e.key.slice(p + 1)}`, i);
  });
  const seen = new Set<string>();
  for (const [variant, list] of buckets) {
    if (list.length < 2) continue;
    const exact = variant.startsWith("=");
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = keyed[list[x]!]!;
        const b = keyed[list[y]!]!;
        if (a.id === b.id) continue;
        const pair = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        if (exact || (digitsOf(a.key) === digitsOf(b.key) && boundedDistance(a.key, b.key, 1) <= 1)) {
          mark(a.id, "duplicate_title");
          mark(b.id, "duplicate_title");
        }
      }
    }
  }
  return out;
}

/** All flags of every entry, in FLAG_CODES order. */
export function computeFlags(
  entries: readonly (FlagEntry & { category: FlagCategory })[],
  contest: FlagContest,
): Map<string, FlagCode[]> {
  const dups = findDuplicates(entries.map((e) => ({ id: e.id, title: e.title, urls: e.parts.map((p) => p.url) })));
  const result = new Map<string, FlagCode[]>();
  for (const e of entries) {
    const set = new Set<FlagCode>([...entryFlags(e, contest, e.category), ...(dups.get(e.id) ?? [])]);
    result.set(
      e.id,
      FLAG_CODES.filter((c) => set.has(c)),
    );
  }
  return result;
}

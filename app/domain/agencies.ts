/**
 * A contest's list of press agencies (cơ quan báo chí): one name, short names and aliases per
 * agency. Every spelling of one agency compares equal in conflict detection; a spelling not on
 * the list compares as itself (after case/diacritics/spacing), as before the list existed.
 */
import type { AgencyKey } from "./assignments.ts";
import { normalizeName } from "./text.ts";

export interface AgencyRecord {
  id: string;
  name: string;
  shortNames: readonly string[];
  aliases: readonly string[];
}

/** Every spelling of an agency: its name first, then short names and aliases. */
export function agencySpellings(a: Pick<AgencyRecord, "name" | "shortNames" | "aliases">): string[] {
  return [a.name, ...a.shortNames, ...a.aliases];
}

/** The comparison key of a typed agency: the list's agency when one of its spellings matches. */
export function agencyKeyFor(agencies: readonly AgencyRecord[]): AgencyKey {
  const bySpelling = new Map<string, string>();
  for (const a of agencies) {
    for (const s of agencySpellings(a)) {
      const k = normalizeName(s);
      if (k && !bySpelling.has(k)) bySpelling.set(k, `agency:${a.id}`);
    }
  }
  return (typed: string) => {
    const k = normalizeName(typed);
    return k ? (bySpelling.get(k) ?? k) : "";
  };
}

/** The list's agency a typed text names, if any (to show its full name). */
export function findAgency<A extends AgencyRecord>(agencies: readonly A[], typed: string): A | null {
  const k = normalizeName(typed);
  if (!k) return null;
  return agencies.find((a) => agencySpellings(a).some((s) => normalizeName(s) === k)) ?? null;
}

/** Short names and aliases typed one per line (or separated by ";"): trimmed, blanks and repeats dropped. */
export function parseSpellings(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/[\n;]/)) {
    const v = raw.trim().replace(/\s+/g, " ");
    const k = normalizeName(v);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** A refusal of the list's rules (codes agency_name_required, agency_spelling_taken). */
export type AgencyRefusal =
  { code: "agency_name_required" } | { code: "agency_spelling_taken"; params: { spelling: string; agency: string } };

/**
 * Whether `next` (new, or an edit of the agency with `next.id`) may join the list: it needs a
 * name, and none of its spellings may already mean another agency (else one text would name two
 * agencies and conflict detection would depend on the order of the list).
 */
export function checkAgency(
  next: { id?: string; name: string; shortNames: readonly string[]; aliases: readonly string[] },
  list: readonly AgencyRecord[],
): AgencyRefusal[] {
  if (!normalizeName(next.name)) return [{ code: "agency_name_required" }];
  const out: AgencyRefusal[] = [];
  const others = list.filter((a) => a.id !== next.id);
  for (const s of agencySpellings(next)) {
    const owner = findAgency(others, s);
    if (owner) out.push({ code: "agency_spelling_taken", params: { spelling: s, agency: owner.name } });
  }
  return out;
}

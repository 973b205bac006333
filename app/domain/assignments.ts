/**
 * Judge assignments for one round and one category panel, and the conflicts that exclude a
 * judge from an entry. Pure and deterministic: the same panel and entries give the same result.
 */
import { reasonLongEnough } from "./reasons.ts";
import type { RefusalCode } from "./errors.ts";
import { normalizeName } from "./text.ts";

export interface PanelJudge {
  id: string;
  email: string;
  /** Profile.agency as typed; compared after normalisation. */
  agency: string;
}

export interface PanelEntry {
  id: string;
  authors: { userId: string | null; email: string; agency: string }[];
}

export type ConflictReason = "author" | "same_agency" | "declared";

export interface Conflict {
  judgeId: string;
  entryId: string;
  reason: ConflictReason;
  /** The agency (as the author wrote it) or the recorded declaration's reason. */
  detail: string;
}

/**
 * Turns an agency as typed into the key agencies are compared by. The default compares after
 * case/diacritics/spacing; a contest's press-agency list maps every name, short name and alias
 * of one agency to one key (see agencies.ts).
 */
export type AgencyKey = (agency: string) => string;

/** Why `judge` may not judge `entry`, or null. Agencies match after case/diacritics/spacing. */
export function detectConflict(
  judge: PanelJudge,
  entry: PanelEntry,
  agencyKey: AgencyKey = normalizeName,
): Conflict | null {
  const email = judge.email.trim().toLowerCase();
  for (const a of entry.authors) {
    if (a.userId === judge.id || (a.email && a.email.trim().toLowerCase() === email)) {
      return { judgeId: judge.id, entryId: entry.id, reason: "author", detail: "" };
    }
  }
  const agency = agencyKey(judge.agency);
  if (!agency) return null;
  const shared = entry.authors.find((a) => agencyKey(a.agency) === agency);
  return shared ? { judgeId: judge.id, entryId: entry.id, reason: "same_agency", detail: shared.agency } : null;
}

export interface GenerateInput {
  judges: readonly PanelJudge[];
  entries: readonly PanelEntry[];
  /** Judges per entry; null = every panel judge scores every entry. */
  judgesPerEntry: number | null;
  /** Recorded declarations and recusals (ConflictDeclaration rows): never assigned. */
  declared?: readonly { judgeId: string; entryId: string; reason: string }[];
  /**
   * Assignments already made in this round: kept, and counted in loads. One an organizer made
   * despite a conflict (`overridden`) is kept while the entry and judge stay in the panel.
   */
  existing?: readonly { judgeId: string; entryId: string; overridden?: boolean }[];
  agencyKey?: AgencyKey;
}

export interface GenerateResult {
  /** New pairs to create (existing ones excluded). */
  assignments: { judgeId: string; entryId: string }[];
  conflicts: Conflict[];
  /** Entries that could not get k judges because too few judges are free of conflicts. */
  shortfalls: { entryId: string; wanted: number; got: number }[];
  /** Existing pairs that are now conflicted and must be removed. */
  toRemove: { judgeId: string; entryId: string }[];
  /** Assignments per judge after the change. */
  loads: Record<string, number>;
}

const pairKey = (judgeId: string, entryId: string) => `${judgeId}\u0000${entryId}`;

/**
 * Either all × all, or k judges per entry with loads kept within one of each other: the most
 * constrained entries are served first, each by the least-loaded free judges.
 */
export function generateAssignments(input: GenerateInput): GenerateResult {
  const judges = [...input.judges].sort((a, b) => a.id.localeCompare(b.id));
  const entries = [...input.entries].sort((a, b) => a.id.localeCompare(b.id));
  const declared = new Map((input.declared ?? []).map((d) => [pairKey(d.judgeId, d.entryId), d.reason]));
  const conflicts: Conflict[] = [];
  const free = new Map<string, PanelJudge[]>();
  for (const e of entries) {
    const ok: PanelJudge[] = [];
    for (const j of judges) {
      const reason = declared.get(pairKey(j.id, e.id));
      const c =
        reason !== undefined
          ? { judgeId: j.id, entryId: e.id, reason: "declared" as const, detail: reason }
          : detectConflict(j, e, input.agencyKey);
      if (c) conflicts.push(c);
      else ok.push(j);
    }
    free.set(e.id, ok);
  }

  const loads: Record<string, number> = Object.fromEntries(judges.map((j) => [j.id, 0]));
  const have = new Map<string, Set<string>>();
  const toRemove: { judgeId: string; entryId: string }[] = [];
  const inPanel = new Set(judges.map((j) => j.id));
  for (const a of input.existing ?? []) {
    const okJudges = free.get(a.entryId);
    const overrideHolds = a.overridden === true && okJudges !== undefined && inPanel.has(a.judgeId);
    if (!overrideHolds && (!okJudges || !okJudges.some((j) => j.id === a.judgeId))) {
      // The entry left the round, the judge left the panel, or a conflict appeared.
      toRemove.push(a);
      continue;
    }
    loads[a.judgeId] = (loads[a.judgeId] ?? 0) + 1;
    const s = have.get(a.entryId) ?? new Set<string>();
    s.add(a.judgeId);
    have.set(a.entryId, s);
  }

  const assignments: { judgeId: string; entryId: string }[] = [];
  const shortfalls: GenerateResult["shortfalls"] = [];
  const order = [...entries].sort((a, b) => free.get(a.id)!.length - free.get(b.id)!.length);
  for (const e of order) {
    const already = have.get(e.id) ?? new Set<string>();
    const candidates = free.get(e.id)!.filter((j) => !already.has(j.id));
    const wanted = input.judgesPerEntry === null ? free.get(e.id)!.length : input.judgesPerEntry;
    const need = Math.max(0, wanted - already.size);
    // Least loaded first; ties by id keep the result deterministic.
    candidates.sort((a, b) => loads[a.id]! - loads[b.id]! || a.id.localeCompare(b.id));
    const picked = candidates.slice(0, need);
    for (const j of picked) {
      assignments.push({ judgeId: j.id, entryId: e.id });
      loads[j.id] = loads[j.id]! + 1;
    }
    const got = already.size + picked.length;
    if (input.judgesPerEntry !== null && got < input.judgesPerEntry) {
      shortfalls.push({ entryId: e.id, wanted: input.judgesPerEntry, got });
    }
  }
  return { assignments, conflicts, shortfalls, toRemove, loads };
}

/** Why an organizer's manual assignment is refused; the server turns it into a DomainError. */
export type ManualRefusal = Extract<
  RefusalCode,
  "already_assigned" | "conflict_needs_reason" | "has_submitted_score" | "judge_not_assigned"
>;

export type ManualAddResult =
  | { ok: true; conflict: Conflict | null; overrideReason: string }
  | { ok: false; refusal: ManualRefusal; conflict: Conflict | null };

/**
 * An organizer adds `judge` to `entry` by hand. The same conflict rule as generation applies
 * (author, same agency, a recorded declaration); a conflict may be overridden only with a
 * reason, which is then stored with the assignment. Without a conflict no reason is kept.
 */
export function checkManualAssignment(input: {
  judge: PanelJudge;
  entry: PanelEntry;
  alreadyAssigned: boolean;
  /** Reason of a recorded declaration/recusal for this pair, if any. */
  declared?: string | null;
  overrideReason?: string;
  /** The contest's minimum override reason length (Contest.minReasonOverride). */
  minOverrideReason: number;
  agencyKey?: AgencyKey;
}): ManualAddResult {
  const declared = input.declared ?? null;
  const conflict: Conflict | null =
    declared !== null
      ? { judgeId: input.judge.id, entryId: input.entry.id, reason: "declared", detail: declared }
      : detectConflict(input.judge, input.entry, input.agencyKey);
  if (input.alreadyAssigned) return { ok: false, refusal: "already_assigned", conflict };
  const reason = (input.overrideReason ?? "").trim();
  if (conflict && !reasonLongEnough(reason, input.minOverrideReason))
    return { ok: false, refusal: "conflict_needs_reason", conflict };
  return { ok: true, conflict, overrideReason: conflict ? reason : "" };
}

/**
 * An organizer removes one assignment by hand. A submitted score sheet is never dropped this
 * way (reopen or recuse instead); a draft goes with the assignment.
 */
export function checkManualRemoval(input: {
  assigned: boolean;
  score: "DRAFT" | "SUBMITTED" | null;
}): { ok: true; dropsDraft: boolean } | { ok: false; refusal: ManualRefusal } {
  if (!input.assigned) return { ok: false, refusal: "judge_not_assigned" };
  if (input.score === "SUBMITTED") return { ok: false, refusal: "has_submitted_score" };
  return { ok: true, dropsDraft: input.score === "DRAFT" };
}

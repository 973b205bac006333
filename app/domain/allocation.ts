/**
 * Final results of one category: rank entries by their final-round aggregate and walk the
 * prize tiers in order (Giải Nhất first), respecting each tier's minimum score.
 *
 * Ties are never broken silently. Entries with equal aggregates form one rank. A rank that fits
 * inside one tier is no conflict (three entries tied for Giải Ba all get Giải Ba). A rank that
 * straddles a boundary — between two tiers, or between the last prize and no prize — is
 * reported as a conflict; its slots are held for it (later entries are placed after them) and
 * its members get no award until the organizer resolves it: by the contest's tie-break rule
 * or by a manual order with a written reason (`resolutions`).
 */
import { sameScore } from "./aggregation.ts";

export interface RankedInput {
  entryId: string;
  aggregate: number | null;
}

export interface TierInput {
  id: string;
  position: number;
  count: number;
  amount: number;
  minScore: number | null;
}

export type AwardDecision = "COMPUTED" | "TIE_RESOLVED" | "MANUAL";

/** An ordering of a tied rank: sub-ranks best first; members of a sub-rank stay tied. */
export interface Resolution {
  order: string[][];
  decision: Exclude<AwardDecision, "COMPUTED">;
  /** A person's words; empty when decided by the contest's rule (then `rule`, worded when shown). */
  reason: string;
  rule?: string | null;
}

export interface Placement {
  tierId: string;
  count: number;
}

export interface TieConflict {
  entryIds: string[];
  aggregate: number;
  /** Slots the tied rank occupies, tier by tier (best first). */
  placements: Placement[];
  /** Members that fall past the last deserved prize. */
  withoutPrize: number;
}

export interface AllocatedAward {
  entryId: string;
  tierId: string;
  amount: number;
  decision: AwardDecision;
  reason: string;
}

export interface CategoryAllocation {
  /** Competition ranking ("1, 2, 2, 4"): tied entries share a rank. */
  ranking: { entryId: string; aggregate: number | null; rank: number | null }[];
  awards: AllocatedAward[];
  conflicts: TieConflict[];
  /** Prizes no entry deserved (too few entries or below the tier's minimum score). */
  unawarded: Placement[];
}

interface Rank {
  entryIds: string[];
  aggregate: number;
  resolution?: Resolution;
}

const setKey = (ids: readonly string[]) => [...ids].sort().join("\u0000");

/** Groups entries with equal aggregates, best first, and splits groups a resolution orders. */
function buildRanks(entries: readonly RankedInput[], resolutions: readonly Resolution[]): Rank[] {
  const scored = entries
    .filter((e): e is { entryId: string; aggregate: number } => e.aggregate !== null)
    .sort((a, b) => b.aggregate - a.aggregate || (a.entryId < b.entryId ? -1 : 1));
  const groups: Rank[] = [];
  for (const e of scored) {
    const last = groups[groups.length - 1];
    if (last && sameScore(last.aggregate, e.aggregate)) last.entryIds.push(e.entryId);
    else groups.push({ entryIds: [e.entryId], aggregate: e.aggregate });
  }
  const byKey = new Map(resolutions.map((r) => [setKey(r.order.flat()), r]));
  return groups.flatMap((g) => {
    const r = g.entryIds.length > 1 ? byKey.get(setKey(g.entryIds)) : undefined;
    if (!r) return [g];
    return r.order
      .filter((sub) => sub.length > 0)
      .map((sub) => ({ entryIds: [...sub], aggregate: g.aggregate, resolution: r }));
  });
}

export function allocateCategory(
  entries: readonly RankedInput[],
  tiers: readonly TierInput[],
  resolutions: readonly Resolution[] = [],
): CategoryAllocation {
  const ordered = [...tiers].sort((a, b) => a.position - b.position);
  const ranks = buildRanks(entries, resolutions);
  const awards: AllocatedAward[] = [];
  const conflicts: TieConflict[] = [];
  const unawarded = new Map<string, number>();
  let t = 0;
  let left = ordered[0]?.count ?? 0;

  for (const rank of ranks) {
    const placements: Placement[] = [];
    let need = rank.entryIds.length;
    while (need > 0 && t < ordered.length) {
      const tier = ordered[t]!;
      const belowMin =
        tier.minScore !== null && rank.aggregate < tier.minScore && !sameScore(rank.aggregate, tier.minScore);
      if (left === 0 || belowMin) {
        // Ranks come best first: if this one does not deserve the tier, no later one does.
        if (belowMin && left > 0) unawarded.set(tier.id, (unawarded.get(tier.id) ?? 0) + left);
        t += 1;
        left = ordered[t]?.count ?? 0;
        continue;
      }
      const take = Math.min(left, need);
      const last = placements[placements.length - 1];
      if (last?.tierId === tier.id) last.count += take;
      else placements.push({ tierId: tier.id, count: take });
      left -= take;
      need -= take;
    }
    if (placements.length === 0) continue;
    if (placements.length === 1 && need === 0) {
      const tier = ordered.find((x) => x.id === placements[0]!.tierId)!;
      for (const entryId of rank.entryIds) {
        awards.push({
          entryId,
          tierId: tier.id,
          amount: tier.amount,
          decision: rank.resolution?.decision ?? "COMPUTED",
          reason: rank.resolution?.reason ?? "",
        });
      }
    } else {
      conflicts.push({ entryIds: [...rank.entryIds], aggregate: rank.aggregate, placements, withoutPrize: need });
    }
  }
  // Whatever is left of the current tier and every later tier found no entry.
  for (; t < ordered.length; t++, left = ordered[t]?.count ?? 0) {
    if (left > 0) unawarded.set(ordered[t]!.id, (unawarded.get(ordered[t]!.id) ?? 0) + left);
  }

  return {
    ranking: competitionRanking(entries, ranks),
    awards,
    conflicts,
    unawarded: ordered.filter((x) => unawarded.has(x.id)).map((x) => ({ tierId: x.id, count: unawarded.get(x.id)! })),
  };
}

/**
 * 1, 2, 2, 4 … by aggregate, in the order a tie decision set: a resolved tie's sub-ranks get
 * their own rank numbers, so rank and prize order agree. Entries the decision (or nothing)
 * leaves tied share a rank. Entries without an aggregate are unranked (null), last.
 */
export function competitionRanking(
  entries: readonly RankedInput[],
  ranks: readonly Rank[] = buildRanks(entries, []),
): CategoryAllocation["ranking"] {
  const out: CategoryAllocation["ranking"] = [];
  for (const r of ranks) {
    const rank = out.length + 1;
    for (const entryId of [...r.entryIds].sort()) out.push({ entryId, aggregate: r.aggregate, rank });
  }
  for (const e of entries) if (e.aggregate === null) out.push({ entryId: e.entryId, aggregate: null, rank: null });
  return out;
}

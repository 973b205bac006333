import type { ContestResults } from "./results.server.ts";

/**
 * The organizer's results page as plain data: per category the top of the ranking (every
 * prize-winner and tied entry plus a few more), ties with their members, unawarded prizes and
 * payout lines. Kept small: a category may hold thousands of ranked entries.
 */
export function resultsView(results: ContestResults, extraRows = 10) {
  return {
    contest: results.contest,
    finalRound: results.finalRound,
    total: results.total,
    unresolvedTies: results.unresolvedTies,
    categories: results.categories.map((c) => {
      const tierName = new Map(c.tiers.map((t) => [t.id, t.name]));
      const awardOf = new Map(c.allocation.awards.map((a) => [a.entryId, a]));
      const inTie = new Set(c.ties.flatMap((t) => t.entryIds));
      const prizes = c.tiers.reduce((s, t) => s + t.count, 0);
      const rows = c.allocation.ranking
        .filter((r, i) => i < prizes + extraRows || awardOf.has(r.entryId) || inTie.has(r.entryId))
        .map((r) => {
          const e = c.entries[r.entryId]!;
          const award = awardOf.get(r.entryId);
          return {
            entryId: r.entryId,
            rank: r.rank,
            aggregate: r.aggregate,
            code: e.code,
            title: e.title,
            outlet: e.outlet,
            judgeCount: e.judgeCount,
            tooFewJudges: e.tooFewJudges,
            inTie: inTie.has(r.entryId),
            prize: award ? tierName.get(award.tierId)! : null,
            amount: award?.amount ?? null,
            decision: award?.decision ?? null,
          };
        });
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        total: c.total,
        rows,
        rankedCount: c.allocation.ranking.length,
        ties: c.ties.map((t) => ({
          entryIds: t.entryIds,
          aggregate: t.aggregate,
          members: t.entryIds.map((id) => ({ id, code: c.entries[id]!.code, title: c.entries[id]!.title })),
          resolution: t.resolution
            ? { decision: t.resolution.decision, reason: t.resolution.reason, rule: t.resolution.rule ?? null }
            : null,
        })),
        unawarded: c.allocation.unawarded.map((u) => ({ tier: tierName.get(u.tierId)!, count: u.count })),
        // Prizes an unresolved tie holds: neither awarded nor unawarded until it is decided.
        pending: c.tiers
          .map((t) => ({
            tier: t.name,
            count: c.allocation.conflicts
              .flatMap((x) => x.placements)
              .filter((p) => p.tierId === t.id)
              .reduce((s, p) => s + p.count, 0),
          }))
          .filter((p) => p.count > 0),
        payouts: c.allocation.awards.map((a) => {
          const e = c.entries[a.entryId]!;
          const name = new Map(e.authors.map((x) => [x.id, x]));
          return {
            entryId: a.entryId,
            code: e.code,
            title: e.title,
            prize: tierName.get(a.tierId)!,
            amount: a.amount,
            lines: c.payouts[a.entryId]!.map((l) => ({
              author: name.get(l.authorId)!.fullName,
              penName: name.get(l.authorId)!.penName,
              shareBp: name.get(l.authorId)!.shareBp,
              amount: l.amount,
            })),
          };
        }),
      };
    }),
  };
}

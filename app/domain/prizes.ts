/** Prize-table arithmetic shared by the rules page, results and payouts. Integer VND. */

export interface TierLike {
  count: number;
  amount: number;
}

export function tierSubtotal(tier: TierLike): number {
  return tier.count * tier.amount;
}

export function prizeMoneyTotal(tiers: readonly TierLike[]): number {
  return tiers.reduce((sum, t) => sum + tierSubtotal(t), 0);
}

/** True when every category offers the same tiers (then one table serves them all). */
export function sameTiers(groups: readonly (readonly (TierLike & { name: string })[])[]): boolean {
  const [first, ...rest] = groups;
  if (!first) return true;
  const key = (g: readonly (TierLike & { name: string })[]) =>
    JSON.stringify(g.map((t) => [t.name, t.count, t.amount]));
  return rest.every((g) => key(g) === key(first));
}

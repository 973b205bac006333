/**
 * Splitting a prize between co-authors by their declared shares, in integer VND.
 *
 * Rounding rule (largest remainder, Hamilton's method): each author first gets
 * ⌊amount × share / Σshares⌋; the few đồng left over go one by one to the authors with the
 * largest fractional remainders, ties going to the earlier author (lower position). The lines
 * therefore always add up to the prize exactly, and nobody is more than 1 đồng from their
 * exact share. Shares are basis points (10000 = 100 %); they are taken relative to their sum
 * so a declaration of 3 × 3333 still pays out the whole prize.
 */
import { assertVnd } from "./money.ts";

export interface ShareInput {
  authorId: string;
  position: number;
  shareBp: number;
}

export interface PayoutLine {
  authorId: string;
  amount: number;
}

export function splitPrize(amount: number, authors: readonly ShareInput[]): PayoutLine[] {
  assertVnd(amount);
  if (authors.length === 0) throw new RangeError("A prize needs at least one author to pay");
  for (const a of authors) {
    if (!Number.isSafeInteger(a.shareBp) || a.shareBp < 0) throw new RangeError(`Bad share ${a.shareBp}`);
  }
  const total = authors.reduce((s, a) => s + a.shareBp, 0);
  if (total <= 0) throw new RangeError("Shares add up to zero");
  const ordered = [...authors].sort((a, b) => a.position - b.position);
  // BigInt keeps amount × share exact far beyond any real prize.
  const lines = ordered.map((a) => {
    const num = BigInt(amount) * BigInt(a.shareBp);
    return { authorId: a.authorId, base: Number(num / BigInt(total)), rem: Number(num % BigInt(total)) };
  });
  let leftover = amount - lines.reduce((s, l) => s + l.base, 0);
  const byRemainder = lines.map((l, i) => ({ i, rem: l.rem })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  const extra = new Array<number>(lines.length).fill(0);
  for (const { i } of byRemainder) {
    if (leftover === 0) break;
    extra[i]! += 1;
    leftover -= 1;
  }
  return lines.map((l, i) => ({ authorId: l.authorId, amount: l.base + extra[i]! }));
}

export interface PayoutTotals {
  perCategory: Map<string, number>;
  total: number;
}

export function payoutTotals(awards: readonly { categoryId: string; amount: number }[]): PayoutTotals {
  const perCategory = new Map<string, number>();
  let total = 0;
  for (const a of awards) {
    perCategory.set(a.categoryId, (perCategory.get(a.categoryId) ?? 0) + a.amount);
    total += a.amount;
  }
  return { perCategory, total };
}

/** Entry codes are the category prefix and a per-contest-category sequence: BI-007. */
export function formatEntryCode(prefix: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Bad sequence: ${seq}`);
  return `${prefix}-${String(seq).padStart(3, "0")}`;
}

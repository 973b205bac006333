/**
 * The server's clock. Domain code never reads the time itself; server code asks here, so tests
 * can pin "now" (e.g. one second before the 2021 deadline) without touching the system clock.
 */
let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date();
}

/** Tests only: pin the clock (null to release it). */
export function setNow(value: Date | string | null): void {
  fixed = value === null ? null : new Date(value);
}

/**
 * The server's clock. Domain code never reads the time itself; server code asks here, so tests
 * can pin "now" (e.g. one second before the 2021 deadline) without touching the system clock.
 */
let fixed: Date | null = null;
/** When set, "now" runs on from the pinned moment (real time + offset) instead of standing still. */
let offsetMs: number | null = null;

export function now(): Date {
  if (offsetMs !== null) return new Date(Date.now() + offsetMs);
  return fixed ? new Date(fixed.getTime()) : new Date();
}

/**
 * Tests only: pin the clock (null to release it). With `running`, time keeps moving from the
 * pinned moment, so rate-limit windows, retries and session ages behave as they do for users.
 */
export function setNow(value: Date | string | null, opts: { running?: boolean } = {}): void {
  if (value === null) {
    fixed = null;
    offsetMs = null;
    return;
  }
  const at = new Date(value);
  if (opts.running) {
    fixed = null;
    offsetMs = at.getTime() - Date.now();
  } else {
    fixed = at;
    offsetMs = null;
  }
}

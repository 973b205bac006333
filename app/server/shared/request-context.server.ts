import type { AsyncLocalStorage } from "node:async_hooks";

/**
 * The current request's id, set by observability.mjs for every HTTP request (X-Request-Id), so
 * audit rows and logs of one request can be tied together. Undefined outside a request (CLI).
 */
const KEY = Symbol.for("giai-bao-chi.request-context");

export function currentRequestId(): string | undefined {
  const als = (globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<{ requestId: string }> | undefined;
  return als?.getStore()?.requestId;
}

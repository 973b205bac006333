import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the app knows about the current HTTP request, in one AsyncLocalStorage per process (each
 * instance adds work to every promise and callback the process creates): its id, set by
 * observability.mjs for every request (X-Request-Id), so audit rows and logs of one request can
 * be tied together; and the per-request memo of request-scope.server.ts (GET/HEAD only).
 * Undefined outside a request (CLI, tests).
 */
export interface RequestStore {
  requestId?: string;
  scope?: Map<string, unknown>;
}

const KEY = Symbol.for("giai-bao-chi.request-context");
const g = globalThis as typeof globalThis & Record<symbol, AsyncLocalStorage<RequestStore> | undefined>;
/** The same instance observability.mjs creates (whichever module loads first creates it). */
export const requestStorage: AsyncLocalStorage<RequestStore> = (g[KEY] ??= new AsyncLocalStorage<RequestStore>());

export function currentRequestId(): string | undefined {
  return requestStorage.getStore()?.requestId;
}

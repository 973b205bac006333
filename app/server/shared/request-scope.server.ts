import { requestStorage } from "./request-context.server.ts";

/**
 * Values computed once per HTTP request. Remix may hand each loader its own copy of the Request
 * (it copies to strip `?index`; patches/README.md), so a cache keyed on the Request object can
 * miss when a page's root, layout and route loaders all ask for the same thing (the signed-in
 * user, the organized contest). server.mjs runs each
 * GET/HEAD request inside a scope (runtime.mount); outside one (tests, CLI) nothing is cached.
 * Requests that may write (POST…) get no scope, so loaders after an action never see values
 * from before it (a renamed user, a revoked grant). The scope lives in the request's store
 * (request-context.server.ts), beside its id.
 */
const currentScope = () => requestStorage.getStore()?.scope;

/** Express middleware: everything this request does sees one fresh scope. */
export function requestScope(req: { method: string }, _res: unknown, next: () => void): void {
  if (req.method === "GET" || req.method === "HEAD") {
    requestStorage.run({ requestId: requestStorage.getStore()?.requestId, scope: new Map() }, next);
  } else next();
}

/** `compute()` once per request and key; later calls in the same request get the same promise. */
export function perRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = currentScope();
  if (!scope) return compute();
  let pending = scope.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = compute();
    scope.set(key, pending);
    // A failure must not stick: the next caller tries again.
    pending.catch(() => scope.delete(key));
  }
  return pending;
}

/** Whether this request has a scope and `key` is not computed yet (so one statement may fill it). */
export function perRequestOpen(key: string): boolean {
  const scope = currentScope();
  return scope !== undefined && !scope.has(key);
}

/** Forgets this request's cached values whose key starts with `prefix` (after a write). */
export function forgetPerRequest(prefix: string): void {
  const scope = currentScope();
  if (!scope) return;
  for (const key of scope.keys()) if (key.startsWith(prefix)) scope.delete(key);
}

/**
 * A plain (not awaited) value this request keeps under `key`: `init()` makes it on the first
 * call; undefined outside a scope. For what loaders of one page coordinate synchronously, e.g. a
 * statement that other loaders may still add to before it goes out (session.server.ts).
 */
export function perRequestValue<T>(key: string, init?: () => T): T | undefined {
  const scope = currentScope();
  if (!scope) return undefined;
  if (!scope.has(key) && init) scope.set(key, init());
  return scope.get(key) as T | undefined;
}

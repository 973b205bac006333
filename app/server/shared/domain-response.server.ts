import { DomainError } from "./errors.server.ts";

/**
 * Runs a service call from a loader and turns a DomainError into the HTTP response the route
 * error boundary renders (404 for "not assigned", 409 for a refused change …).
 */
export async function orRespond<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError) throw new Response(err.message, { status: err.status });
    throw err;
  }
}

/** For actions: a DomainError becomes `{ error }` to show in the form; anything else is thrown. */
export async function orFormError<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: DomainError }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err };
    throw err;
  }
}

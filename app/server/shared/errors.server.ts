import { getI18n } from "#app/i18n/i18n.ts";

// The generic words come from api.json (Vietnamese, the default language); resource routes
// re-say them in the reader's language (plain-errors.server.ts), pages through their boundary.
const generic = (status: 403 | 404) => getI18n("vi").t(`api:status.${status}`);

/**
 * Errors a user can cause, as HTTP responses the route error boundaries render kindly.
 * Authorisation guards throw `notFound()`/`forbidden()`; rules and services throw a
 * DomainError (app/domain/errors.ts), which routes turn into a form error or an error page
 * through `attempt` (shared/refusals.server.ts). Pages word these by status; resource routes show the body.
 */
export function notFound(message = generic(404)): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = generic(403)): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export { DomainError } from "#app/domain/errors.ts";

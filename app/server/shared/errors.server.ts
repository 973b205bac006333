import { getI18n } from "#app/i18n/i18n.ts";

// The generic words come from api.json (Vietnamese, the default language); resource routes
// re-say them in the reader's language (plain-errors.server.ts), pages through their boundary.
const generic = (status: 400 | 403 | 404) => getI18n("vi").t(`api:status.${status}`);

/**
 * Errors a user can cause, as HTTP responses the route error boundaries render kindly.
 * Services throw these; routes let them through (Remix renders thrown Responses).
 */
export function notFound(message = generic(404)): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = generic(403)): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/**
 * A rule of the domain refused the action; `code` lets the UI pick a translated message and
 * `params` fills it in (the Vietnamese `message` stays for logs and callers not yet translated).
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 409,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

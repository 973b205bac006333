/**
 * Errors a user can cause, as HTTP responses the route error boundaries render kindly.
 * Services throw these; routes let them through (Remix renders thrown Responses).
 */
export function notFound(message = "Không tìm thấy"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "Bạn không có quyền thực hiện thao tác này"): Response {
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

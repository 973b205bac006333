/**
 * Errors a user can cause, as HTTP responses the route error boundaries render kindly.
 * Authorisation guards throw `notFound()`/`forbidden()`; rules and services throw a
 * DomainError (app/domain/errors.ts), which routes turn into a form error or an error page
 * through `attempt` (refusals.server.ts). Pages word these by status; resource routes show the body.
 */
export function notFound(message = "Không tìm thấy"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "Bạn không có quyền thực hiện thao tác này"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export { DomainError } from "#app/domain/errors.ts";

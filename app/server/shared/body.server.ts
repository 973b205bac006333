import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { z } from "zod";
import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { env } from "./env.server.ts";

/**
 * The one way actions read a posted form. Whatever arrives — JSON, plain text, no
 * Content-Type, broken multipart, a NUL byte, more bytes than allowed — the caller either gets
 * a FormData of clean strings (and files where asked for) or a thrown 4xx Response, which the
 * route's error boundary shows; never a 500. The size is also checked before reading by
 * request-guard.server.ts; the limit here is the same, counted while streaming, for requests
 * that reach Remix another way (Vite dev, tests).
 */
export interface ReadFormOptions {
  /** Accept file fields up to this many bytes each (multipart); without it, no files. */
  maxFileBytes?: number;
  /** Overall limit; default MAX_FORM_BYTES. */
  maxBytes?: number;
}

/** A refusal of the request itself, in the reader's language: api.json → body.<key>. */
function refuse(request: Request, status: number, key: string): Response {
  const locale = getLocale(request);
  return new Response(getI18n(locale).t(`api:body.${key}`), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Language": locale },
  });
}

async function readTextLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw refuse(request, 413, "tooLarge");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Text values must not carry NUL or other C0 control characters except tab and newlines. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** JSON.parse for a posted field: strings with control characters (an escaped NUL) are refused. */
export function parseJsonField(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === "string" && CONTROL.test(v)) throw new SyntaxError("control character");
    return v;
  });
}

export async function readForm(request: Request, opts: ReadFormOptions = {}): Promise<FormData> {
  const maxBytes = opts.maxBytes ?? env().MAX_FORM_BYTES;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let form: FormData;
  if (type === "application/x-www-form-urlencoded" || type === "") {
    const text = await readTextLimited(request, maxBytes);
    if (type === "" && text.length > 0) throw refuse(request, 415, "badForm");
    form = new FormData();
    for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
  } else if (type === "multipart/form-data") {
    if (!/boundary=/i.test(request.headers.get("content-type") ?? "")) throw refuse(request, 400, "badForm");
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({
          maxPartSize: opts.maxFileBytes ?? maxBytes,
          // Without maxFileBytes, file fields are dropped (and their bytes not kept).
          filter: ({ filename }) => opts.maxFileBytes !== undefined || !filename,
        }),
      );
    } catch (err) {
      if (err instanceof MaxPartSizeExceededError) throw refuse(request, 413, "partTooLarge");
      throw refuse(request, 400, "badForm");
    }
  } else {
    throw refuse(request, 415, "badForm");
  }
  for (const [, v] of form) {
    if (typeof v === "string" && CONTROL.test(v)) throw refuse(request, 400, "controlChars");
  }
  return form;
}

/**
 * A loader's query string through `schema`: an overlong search, a filter out of range or a
 * control character is a 400 with a clear message, not a ZodError (500).
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = new URL(request.url).searchParams;
  for (const [k, v] of params) {
    if (CONTROL.test(k) || CONTROL.test(v)) throw refuse(request, 400, "badAddress");
  }
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw refuse(request, 400, "badQuery");
  return parsed.data;
}

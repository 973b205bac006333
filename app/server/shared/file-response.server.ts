import { Readable } from "node:stream";
import type { ByteRange } from "./storage.server.ts";
import { getStorage } from "./storage.server.ts";

export interface ServableFile {
  storageKey: string;
  mimeType: string;
  sizeBytes: number | bigint;
  /** Shown in the download name; omit it (e.g. for blind judging) to use `fallbackName`. */
  originalName?: string;
}

/**
 * Parses a single HTTP Range header ("bytes=0-99", "bytes=100-", "bytes=-500") against `size`.
 * Returns null for no/ignored range, "unsatisfiable" when it cannot be served.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // multi-range or junk: send it whole
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

function contentDisposition(name: string, inline: boolean): string {
  const ascii =
    name
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "file";
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Streams a stored file with HTTP Range support (audio/video seeking), after the caller has
 * authorised the request. Files are never served from a public folder.
 */
export async function serveStoredFile(
  request: Request,
  file: ServableFile,
  opts: { download?: boolean; fallbackName?: string } = {},
): Promise<Response> {
  const size = Number(file.sizeBytes);
  const headers = new Headers({
    "Content-Type": file.mimeType,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(file.originalName ?? opts.fallbackName ?? "file", !opts.download),
  });
  const range = parseRange(request.headers.get("Range"), size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  if (request.method === "HEAD") {
    headers.set("Content-Length", String(size));
    return new Response(null, { status: 200, headers });
  }
  const stream = await getStorage().read(file.storageKey, range ?? undefined);
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  if (range) {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
    return new Response(body, { status: 206, headers });
  }
  headers.set("Content-Length", String(size));
  return new Response(body, { status: 200, headers });
}

import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// The Web Streams renderer, not renderToPipeableStream: React 18.3's Node stream writer
// (ReactServerStreamConfigNode.writeStringChunk) flushes its whole 2 KiB buffer when a
// multi-byte character does not fit at its end, so one or two NUL bytes land inside Vietnamese
// words ("Giám Kh\0ảo") on large pages. The Web Streams writer encodes each string whole and
// splits bytes, which is correct; React 19 fixes the Node one, but Remix 2.17 stays on React 18.
import { renderToReadableStream } from "react-dom/server.browser";
import { gzipSync } from "node:zlib";
import { acceptsGzip } from "#app/server/shared/accept-encoding.server.ts";
import { NonceProvider } from "#app/components/nonce.tsx";
import { createNonce, setSecurityHeaders } from "#app/server/shared/security-headers.server.ts";

// The custom server (server.mjs) reaches the app's runtime services (database, mail sender,
// uploads) through the server build, so the process holds exactly one database client.
export { runtime } from "#app/server/shared/runtime.server.ts";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const nonce = createNonce();
  setSecurityHeaders(responseHeaders, nonce);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ABORT_DELAY);
  let shellRendered = false;
  // Rejects when the shell fails: Remix then renders its error response.
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    },
  );
  shellRendered = true;
  // The whole page, then one body: no route defers data (no <Await>), so streaming sent nothing
  // sooner, and its many small chunks each went through compression and a socket write of their
  // own (under load those writes and zlib calls cost more CPU than React's rendering). Single
  // fetch still needs the streaming renderer: its loader-data <script>s render behind Suspense.
  try {
    await body.allReady;
  } finally {
    clearTimeout(timer);
  }
  const html = new Uint8Array(await new Response(body).arrayBuffer());
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // The page is whole already: gzip it here, in one call, instead of in server.mjs's
  // compression() stream, which hands each write and the final flush to the libuv thread pool
  // (each a thread switch on a small machine; compression() passes encoded responses through).
  responseHeaders.append("Vary", "Accept-Encoding");
  if (html.byteLength >= 1024 && acceptsGzip(request.headers.get("Accept-Encoding"))) {
    const gz = gzipSync(html);
    responseHeaders.set("Content-Encoding", "gzip");
    responseHeaders.set("Content-Length", String(gz.byteLength));
    return new Response(gz, { headers: responseHeaders, status: responseStatusCode });
  }
  responseHeaders.set("Content-Length", String(html.byteLength));
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

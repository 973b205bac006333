import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// React's Node stream renderer, with patches/react-dom+18.3.1.patch: unpatched, React 18.3's
// writer put NUL bytes where a multi-byte character straddled its 2 KiB buffer. The Web Streams
// renderer avoided that at a cost: a new array per string and a web stream per 2 KiB.
import { renderToPipeableStream } from "react-dom/server";
import { Writable } from "node:stream";
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
  // The whole page, then one body: no route defers data (no <Await>), so streaming sent nothing
  // sooner, and its many small chunks each went through compression and a socket write of their
  // own (under load those writes and zlib calls cost more CPU than React's rendering). Single
  // fetch still needs the streaming renderer: its loader-data <script>s render behind Suspense.
  // Rejects when the shell fails: Remix then renders its error response.
  const html = await new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      // React aborts the render when its destination closes; this one closes only once the page
      // is whole, and the abort then ended it a second time (a Node error built per request).
      emitClose: false,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        // A Buffer is a Uint8Array; TypeScript only widens its ArrayBuffer type.
        resolve(Buffer.concat(chunks) as Uint8Array<ArrayBuffer>);
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellError: reject,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(timer);
          pipe(sink);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    // Whatever is still pending then renders its fallback (Remix's single fetch scripts).
    // (React starts rendering on a later tick, so onAllReady always finds the timer set.)
    const timer = setTimeout(abort, ABORT_DELAY);
  });
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // The page is whole already: gzip it here, in one call, instead of in server.mjs's
  // compression() stream, which hands each write and the final flush to the libuv thread pool
  // (each a thread switch on a small machine; compression() passes encoded responses through).
  responseHeaders.append("Vary", "Accept-Encoding");
  if (html.byteLength >= 1024 && acceptsGzip(request.headers.get("Accept-Encoding"))) {
    // Level 1, nginx's default for gzip_comp_level: on a 20 KB page it costs half of zlib's
    // default level 6 in CPU (~60 vs ~120 µs alone, more under load) for ~8 % more bytes.
    const gz = gzipSync(html, { level: 1 });
    responseHeaders.set("Content-Encoding", "gzip");
    responseHeaders.set("Content-Length", String(gz.byteLength));
    return new Response(gz, { headers: responseHeaders, status: responseStatusCode });
  }
  responseHeaders.set("Content-Length", String(html.byteLength));
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

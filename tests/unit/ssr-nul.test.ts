/**
 * app/entry.server.tsx renders with React's Node stream renderer, which React 18.3 ships with a
 * defect: its writer put NUL bytes where a multi-byte character straddled its 2 KiB buffer.
 * patches/react-dom+18.3.1.patch fixes it; these tests fail without the patch. The Web Streams
 * renderer (correct, slower) gives the reference text.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { renderToReadableStream } from "react-dom/server.browser";
import { describe, expect, it } from "vitest";

// A large Vietnamese table, like the organizer's entries list: many rows of 2- and 3-byte chars.
const page = () =>
  createElement(
    "table",
    null,
    createElement(
      "tbody",
      null,
      Array.from({ length: 400 }, (_, i) =>
        createElement("tr", { key: i }, [
          createElement("td", { key: "a" }, `BH-${String(i + 1).padStart(3, "0")}`),
          createElement("td", { key: "b" }, `Giám khảo ${i} – Hải Dương vượt khó, tăng tốc phục hồi sau đại dịch`),
          createElement("td", { key: "c" }, "Đã nộp · Hợp lệ · Đài Phát thanh và Truyền hình"),
        ]),
      ),
    ),
  );

// The production build, which the app runs (the tests run React's development build).
const require = createRequire(import.meta.url);
const productionRenderer = require(
  path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs/react-dom-server.node.production.min.js"),
) as { renderToPipeableStream: typeof renderToPipeableStream };

async function viaNodeStream(render = renderToPipeableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on("data", (c: Buffer) => chunks.push(c));
    out.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = render(page(), { onAllReady: () => pipe(out), onError: reject });
  });
}

async function viaWebStream(): Promise<Buffer> {
  const stream = await renderToReadableStream(page());
  await stream.allReady;
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("server rendering of large Vietnamese pages", () => {
  it("renderToPipeableStream (what entry.server.tsx uses, patched) emits no NUL", async () => {
    const html = await viaNodeStream();
    expect(html.includes(0)).toBe(false);
  });

  it("gives exactly the bytes of the Web Streams renderer", async () => {
    const [node, web] = await Promise.all([viaNodeStream(), viaWebStream()]);
    expect(node.toString("utf8")).toBe(web.toString("utf8"));
    expect(node.equals(web)).toBe(true);
  });

  it("holds for React's production build too", async () => {
    const [node, web] = await Promise.all([viaNodeStream(productionRenderer.renderToPipeableStream), viaWebStream()]);
    expect(node.includes(0)).toBe(false);
    expect(node.equals(web)).toBe(true);
  });
});

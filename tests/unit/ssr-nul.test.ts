/**
 * Why app/entry.server.tsx renders with the Web Streams renderer: React 18.3's Node stream
 * writer puts NUL bytes where a multi-byte character straddles its 2 KiB buffer. The first test
 * documents the React defect (it fails once React fixes it: then renderToPipeableStream may
 * come back); the second proves the renderer we use is clean on the same page.
 */
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

async function viaNodeStream(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on("data", (c: Buffer) => chunks.push(c));
    out.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(page(), { onAllReady: () => pipe(out), onError: reject });
  });
}

async function viaWebStream(): Promise<Buffer> {
  const stream = await renderToReadableStream(page());
  await stream.allReady;
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("server rendering of large Vietnamese pages", () => {
  it("React 18.3's renderToPipeableStream inserts NUL bytes (the defect we avoid)", async () => {
    const html = await viaNodeStream();
    expect(html.includes(0)).toBe(true);
  });

  it("renderToReadableStream (what entry.server.tsx uses) emits no NUL and the same text", async () => {
    const html = await viaWebStream();
    expect(html.includes(0)).toBe(false);
    const node = (await viaNodeStream()).filter((b) => b !== 0);
    expect(html.toString("utf8")).toBe(Buffer.from(node).toString("utf8"));
  });
});

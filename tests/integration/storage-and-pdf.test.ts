import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localStorage, setStorage, type Storage } from "#app/server/shared/storage.server.ts";
import { serveStoredFile } from "#app/server/shared/file-response.server.ts";
import { createPdf, pdfToBuffer } from "#app/server/shared/pdf.server.ts";

describe("local storage and file responses", () => {
  let dir: string;
  let storage: Storage;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-storage-"));
    storage = localStorage(dir);
    setStorage(storage);
  });
  afterAll(() => {
    setStorage(null);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stores, reads, ranges and deletes", async () => {
    await storage.put("entries/a/file.bin", Buffer.from("0123456789"));
    expect(await storage.stat("entries/a/file.bin")).toEqual({ size: 10 });
    expect(await text(await storage.read("entries/a/file.bin", { start: 2, end: 4 }))).toBe("234");
    const src = path.join(dir, "incoming.tmp");
    fs.writeFileSync(src, "moved");
    expect(await storage.importFile("entries/a/moved.bin", src)).toEqual({ size: 5 });
    expect(fs.existsSync(src)).toBe(false);
    await storage.delete("entries/a/file.bin");
    expect(await storage.stat("entries/a/file.bin")).toBeNull();
  });

  it("refuses keys that would escape the storage folder", async () => {
    await expect(storage.put("../evil", Buffer.from("x"))).rejects.toThrow("Invalid storage key");
    await expect(storage.read("a/../../etc/passwd")).rejects.toThrow("Invalid storage key");
  });

  it("answers Range requests with 206 and the right bytes, and bad ranges with 416", async () => {
    await storage.put("v/video.mp4", Buffer.from("abcdefghij"));
    const file = {
      storageKey: "v/video.mp4",
      mimeType: "video/mp4",
      sizeBytes: 10n,
      originalName: "Phóng sự kỳ 1.mp4",
    };
    const partial = await serveStoredFile(new Request("http://x/f", { headers: { Range: "bytes=3-5" } }), file);
    expect(partial.status).toBe(206);
    expect(partial.headers.get("Content-Range")).toBe("bytes 3-5/10");
    expect(await partial.text()).toBe("def");
    const whole = await serveStoredFile(new Request("http://x/f"), file, { download: true });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("Content-Disposition")).toContain("attachment");
    expect(whole.headers.get("Content-Disposition")).toContain("filename*=UTF-8''Ph%C3%B3ng");
    expect(await whole.text()).toBe("abcdefghij");
    const bad = await serveStoredFile(new Request("http://x/f", { headers: { Range: "bytes=50-" } }), file);
    expect(bad.status).toBe(416);
  });
});

describe("PDF with Vietnamese text", () => {
  it("embeds a font that renders every diacritic (text extracts back unchanged)", async () => {
    const doc = createPdf({ title: "Thử" });
    const sentence = "Quyết định trao giải: Giải Nhất – Đài Phát thanh và Truyền hình Hải Dương, ưu tiên, ổn định, Ỹ";
    doc.font("bold").text(sentence);
    const pdf = await pdfToBuffer(doc);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain("DejaVuSans-Bold");
    const file = path.join(os.tmpdir(), `gbc-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf);
    const extracted = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString();
    fs.rmSync(file);
    expect(extracted.replace(/\s+/g, " ").trim()).toBe(sentence);
  });
});

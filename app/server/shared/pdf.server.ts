import { createRequire } from "node:module";
import type PDFKitDocument from "pdfkit";
import { wrapLines } from "./pdf-wrap.server.ts";

/**
 * PDFs (receipts, award decisions, minutes, certificates) with an embedded font that has every
 * Vietnamese diacritic: DejaVu Sans/Serif from the `dejavu-fonts-ttf` package, so output does
 * not depend on the machine's fonts. Fonts registered: body, bold, italic, serif, serif-bold.
 */
const require = createRequire(import.meta.url);
const font = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

export type Pdf = PDFKit.PDFDocument;

// Loaded on the first PDF, not at start: pdfkit costs ~30 MB of memory that most processes never use.
let PDFDocument: typeof PDFKitDocument | undefined;

export function createPdf(opts: { title?: string; layout?: "portrait" | "landscape" } = {}): Pdf {
  PDFDocument ??= require("pdfkit") as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: "A4",
    layout: opts.layout ?? "portrait",
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    info: { Title: opts.title ?? "", Producer: "Giải Báo chí", Creator: "Giải Báo chí" },
    bufferPages: true,
  });
  doc.registerFont("body", font("DejaVuSans.ttf"));
  doc.registerFont("bold", font("DejaVuSans-Bold.ttf"));
  doc.registerFont("italic", font("DejaVuSans-Oblique.ttf"));
  doc.registerFont("serif", font("DejaVuSerif.ttf"));
  doc.registerFont("serif-bold", font("DejaVuSerif-Bold.ttf"));
  doc.font("body").fontSize(11);
  return doc;
}

/**
 * Writes text wrapped by our own line breaker (app/server/shared/pdf-wrap.server.ts), so URLs break
 * after a separator, never mid-word.
 */
export function wrappedText(doc: Pdf, text: string, opts: PDFKit.Mixins.TextOptions = {}): Pdf {
  const width =
    (opts.width ?? doc.page.width - doc.page.margins.left - doc.page.margins.right - (doc.x - doc.page.margins.left)) -
    (opts.indent ?? 0) -
    1;
  return doc.text(wrapLines(text, width, (s) => doc.widthOfString(s)).join("\n"), opts);
}

/** Ends the document and collects it into one Buffer. */
export function pdfToBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/**
 * Shared e-mail layout. Each template (one file per mail under emails/<audience>/) returns a
 * subject plus HTML and text bodies in the recipient's language, built with `layout()`. The
 * words come from the `mail` catalogue (emails/words.ts); the structure stays here.
 */
import { mailWords } from "./words.ts";
export type MailLocale = "vi" | "en";

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML bodies. Every value that comes from a user goes through here. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface LayoutInput {
  locale: MailLocale;
  subject: string;
  /** First line, shown by mail clients next to the subject. */
  preheader?: string;
  /** Already-escaped HTML paragraphs. */
  html: string;
  /** Plain-text version of the same content. */
  text: string;
  /** Optional call to action. */
  action?: { label: string; url: string };
}

export function layout(input: LayoutInput): RenderedMail {
  const t = mailWords(input.locale);
  const footer = esc(t("layout.footer"));
  const action = input.action
    ? `<p style="margin:24px 0"><a href="${esc(input.action.url)}" style="background:#b3261e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${esc(input.action.label)}</a></p>
<p style="font-size:13px;color:#55535a">${esc(input.action.url)}</p>`
    : "";
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${esc(input.subject)}</title></head>
<body style="margin:0;background:#faf8f6;font-family:Arial,Helvetica,sans-serif;color:#1c1b1f">
<span style="display:none">${esc(input.preheader ?? "")}</span>
<div style="max-width:600px;margin:0 auto;padding:24px">
<div style="background:#b3261e;color:#fff;padding:14px 20px;border-radius:8px 8px 0 0;font-weight:700">★ ${esc(t("layout.brand"))}</div>
<div style="background:#fff;border:1px solid #d9d6dc;border-top:none;padding:20px;border-radius:0 0 8px 8px;line-height:1.55">
${input.html}
${action}
</div>
<p style="font-size:12px;color:#55535a">${footer}</p>
</div></body></html>`;
  const text = [
    input.text.trim(),
    input.action ? `\n${input.action.label}: ${input.action.url}` : "",
    `\n--\n${t("layout.footer")}`,
  ]
    .filter(Boolean)
    .join("\n");
  return { subject: input.subject, html, text };
}

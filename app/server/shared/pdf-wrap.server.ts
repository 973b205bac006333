/**
 * Line breaking for PDFs. pdfkit cuts a word longer than the line wherever the line ends, which
 * split a URL mid-word ("baohaiduon g.vn"). Here text is wrapped at spaces, and a word too long
 * for a line (a URL) is broken after one of its separators (/ . - ? & = _ #); only a run with no
 * separator that is itself wider than the line is cut by characters. Pure: `measure` gives a
 * string's width (doc.widthOfString in the PDF, a character count in tests).
 */
const SEPARATOR = /[/.\-?&=_#]/;

function pieces(word: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of word) {
    cur += ch;
    if (SEPARATOR.test(ch)) {
      out.push(cur);
      cur = "";
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function wrapLines(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    const push = () => {
      lines.push(line);
      line = "";
    };
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (measure(word) <= width) {
        if (line) push();
        line = word;
        continue;
      }
      // A word wider than a line: continue the current line with its pieces, breaking between them.
      let rest = line ? `${line} ` : "";
      for (const piece of pieces(word)) {
        if (measure(rest + piece) <= width) {
          rest += piece;
          continue;
        }
        if (rest.trim()) lines.push(rest.trimEnd());
        rest = "";
        // No separator to break at: cut by characters (rare; nothing better exists).
        let chunk = "";
        for (const ch of piece) {
          if (chunk && measure(chunk + ch) > width) {
            lines.push(chunk);
            chunk = "";
          }
          chunk += ch;
        }
        rest = chunk;
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** A sentence ending in exactly one full stop, whatever the typed text ended with ("lý do.." → "lý do."). */
export function sentence(text: string): string {
  const t = text.trim().replace(/[\s.]+$/u, "");
  if (!t) return "";
  return /[!?…]$/u.test(t) ? t : `${t}.`;
}

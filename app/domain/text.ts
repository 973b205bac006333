/**
 * Normalises a name for comparison: lower case, Vietnamese diacritics removed (đ → d),
 * punctuation dropped, whitespace collapsed. "Báo  Hải Dương" and "bao hai duong" compare equal.
 */
export function normalizeName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The English text when the reader chose English and it exists; Vietnamese otherwise. */
export function pickLocale(locale: string, vi: string, en: string): string {
  return locale === "en" && en ? en : vi;
}

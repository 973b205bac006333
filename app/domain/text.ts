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

/**
 * The place on official documents' date line: the contest's setting, or else the province (or
 * city) at the end of the organizer's address ("…, tỉnh Hải Dương" → "Hải Dương").
 */
export function documentPlace(setting: string, organizerAddress: string): string {
  if (setting.trim()) return setting.trim();
  const last = organizerAddress.split(",").at(-1)?.trim() ?? "";
  return last.replace(/^(tỉnh|thành phố|tp\.?)\s+/iu, "").trim();
}

/** "Hải Dương, ngày 20 tháng 11 năm 2021", or "Ngày 20 tháng 11 năm 2021" with no place. */
export function documentDateLine(place: string, longDate: string): string {
  return place ? `${place}, ${longDate}` : longDate.replace(/^n/u, "N");
}

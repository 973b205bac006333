/**
 * Search that ignores case and Vietnamese diacritics on every database. PGlite has no `unaccent`,
 * so rows keep a normalised copy of their searchable text (a `searchText` column written by the
 * services) and the query is normalised the same way: "chuyen doi" finds "Chuyển đổi số".
 */

/** Lower case, diacritics removed (đ → d), whitespace collapsed. Punctuation stays (codes, e-mails). */
export function searchKey(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Fields are joined by a separator a query cannot contain after trimming, so no match spans two fields. */
const SEP = "\n";

function join(parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => searchKey(p ?? ""))
    .filter(Boolean)
    .join(SEP);
}

export interface EntrySearchFields {
  title: string;
  outlet: string;
  authors: { fullName: string; penName: string; email: string }[];
  parts: { url: string }[];
}

/** An entry's searchable text: title, outlet, every author's name, pen name and e-mail, part URLs. The code is searched on its own column. */
export function entrySearchText(e: EntrySearchFields): string {
  return join([
    e.title,
    e.outlet,
    ...e.authors.flatMap((a) => [a.fullName, a.penName, a.email]),
    ...e.parts.map((p) => p.url),
  ]);
}

/** A person's searchable text: name and e-mail. */
export function userSearchText(u: { name: string; email: string }): string {
  return join([u.name, u.email]);
}

/** The normalised query, or "" when nothing searchable remains. */
export function searchQuery(q: string): string {
  return searchKey(q);
}

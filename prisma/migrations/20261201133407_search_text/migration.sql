-- AlterTable
ALTER TABLE "Entry" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- Backfill: the same normalisation as searchKey() in app/domain/search.ts (NFD, combining marks
-- dropped, đ → d, lower case, whitespace collapsed), fields joined by a newline. Later writes go
-- through the services, which compute the text in TypeScript.
CREATE FUNCTION "search_key_backfill"(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT btrim(regexp_replace(lower(translate(
    regexp_replace(normalize(coalesce(v, ''), NFD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+', '', 'g'),
    'đĐ', 'dd')), '\s+', ' ', 'g'))
$$;

UPDATE "Entry" e SET "searchText" = array_to_string(array_remove(
  ARRAY["search_key_backfill"(e.title), "search_key_backfill"(e.outlet)]
  || ARRAY(SELECT "search_key_backfill"(u.v) FROM "EntryAuthor" a
           CROSS JOIN LATERAL unnest(ARRAY[a."fullName", a."penName", a.email]) WITH ORDINALITY AS u(v, n)
           WHERE a."entryId" = e.id ORDER BY a.position, u.n)
  || ARRAY(SELECT "search_key_backfill"(p.url) FROM "EntryPart" p WHERE p."entryId" = e.id ORDER BY p.position),
  ''), E'\n');

UPDATE "User" u SET "searchText" = array_to_string(array_remove(
  ARRAY["search_key_backfill"(u.name), "search_key_backfill"(u.email)], ''), E'\n');

DROP FUNCTION "search_key_backfill"(text);

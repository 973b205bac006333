import { notFound } from "#app/server/shared/errors.server.ts";

// Unknown addresses land here instead of matching no route at all: with no match Remix renders
// the error page without running the root loader, so the page lost the reader's language.
export function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}

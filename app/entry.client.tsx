import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, loadCatalogue, DEFAULT_LOCALE } from "#app/i18n/i18n.ts";

// Remix's default browser entry, after the page language's messages are loaded (the server
// rendered <html lang>): the bundle carries no catalogue of its own (see i18n.ts).
const lang = document.documentElement.lang;
await loadCatalogue(isLocale(lang) ? lang : DEFAULT_LOCALE);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});

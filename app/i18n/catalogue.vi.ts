// The browser's catalogue for one language (every namespace file of locales/vi), loaded on its
// own so a page ships only its reader's language (i18n.ts loadCatalogue). The server and tests
// use resources.ts, which holds both.
const files = import.meta.glob<Record<string, unknown>>("./locales/vi/*.json", { eager: true, import: "default" });

export default Object.fromEntries(
  Object.entries(files).map(([file, messages]) => [file.slice(file.lastIndexOf("/") + 1, -".json".length), messages]),
);

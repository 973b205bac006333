import { describe, expect, it } from "vitest";
import { currentPage } from "#app/components/app-links.tsx";

describe("the current page of a nav of plain links (NavLink's rule)", () => {
  const overview = "/organizer/hai-duong-2021";
  const entries = "/organizer/hai-duong-2021/entries";
  it("marks the link of the page and of the pages below it", () => {
    expect(currentPage(entries, entries)).toBe("page");
    expect(currentPage(`${entries}/`, entries)).toBe("page");
    expect(currentPage(`${entries}/cmx123`, entries)).toBe("page");
  });
  it("marks an index link (end) only on the index itself", () => {
    expect(currentPage(overview, overview, true)).toBe("page");
    expect(currentPage(`${overview}/`, overview, true)).toBe("page");
    expect(currentPage(entries, overview, true)).toBeUndefined();
  });
  it("does not mark a link whose path is only a prefix of the page's name", () => {
    expect(currentPage("/organizer/hai-duong-2021/entries-old", entries)).toBeUndefined();
    expect(currentPage("/organizer/hai-duong-2021/mailed", entries)).toBeUndefined();
  });
});

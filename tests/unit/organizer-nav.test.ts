import { describe, expect, it } from "vitest";
import { navItemActive } from "#app/components/organizer/ui.tsx";

// The organizer section navigation marks the current section as NavLink did (aria-current).
describe("navItemActive", () => {
  const base = "/organizer/hai-duong-2021";
  it("marks the overview only on its own path", () => {
    expect(navItemActive(base, base, true)).toBe(true);
    expect(navItemActive(`${base}/`, base, true)).toBe(true);
    expect(navItemActive(`${base}/entries`, base, true)).toBe(false);
  });
  it("marks a section on its path and below it, not on a sibling sharing its prefix", () => {
    expect(navItemActive(`${base}/entries`, `${base}/entries`, false)).toBe(true);
    expect(navItemActive(`${base}/entries/abc`, `${base}/entries`, false)).toBe(true);
    expect(navItemActive(`${base}/entries-export`, `${base}/entries`, false)).toBe(false);
    expect(navItemActive(`${base}/judges`, `${base}/entries`, false)).toBe(false);
  });
  it("ignores case, as NavLink does", () => {
    expect(navItemActive("/organizer/Hai-Duong-2021/Entries", `${base}/entries`, false)).toBe(true);
  });
});

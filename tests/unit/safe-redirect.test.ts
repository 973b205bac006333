import { describe, expect, it } from "vitest";
import { safeRedirect } from "#app/domain/safe-redirect.ts";

describe("safeRedirect", () => {
  it("keeps paths on the site, with their query and hash", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/organizer/hai-duong-2021/entries?q=Gi%C3%A1m%20kh%E1%BA%A3o&status=SUBMITTED#top")).toBe(
      "/organizer/hai-duong-2021/entries?q=Gi%C3%A1m%20kh%E1%BA%A3o&status=SUBMITTED#top",
    );
    expect(safeRedirect("/me/entries?next=%2Fa")).toBe("/me/entries?next=%2Fa");
  });

  it.each([
    ["//evil.example", "protocol-relative"],
    ["/\\evil.example", "backslash"],
    ["\\\\evil.example", "two backslashes"],
    ["/\t/evil.example", "tab (what /login?redirectTo=/%09/evil.example carries)"],
    ["/\n/evil.example", "newline"],
    ["/\r/evil.example", "carriage return"],
    ["/\u0000/evil.example", "NUL"],
    [" //evil.example", "leading space"],
    ["/%2F/evil.example", "encoded slash"],
    ["/%2f%2fevil.example", "encoded slashes, lower case"],
    ["/%5C/evil.example", "encoded backslash"],
    ["/%09/evil.example", "encoded tab"],
    ["https://evil.example/", "absolute URL"],
    ["javascript:alert(1)", "script URL"],
    ["evil.example", "relative host-looking"],
    ["", "empty"],
    ["/%E0%A4%A", "broken percent-encoding"],
    [`/${"a".repeat(3000)}`, "overlong"],
  ])("refuses %j (%s) and uses the fallback", (to) => {
    expect(safeRedirect(to, "/account")).toBe("/account");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
    expect(safeRedirect(42)).toBe("/");
  });
});

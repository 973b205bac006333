import { describe, expect, it } from "vitest";
import { parseEnv } from "#app/server/shared/env.server.ts";

describe("environment", () => {
  it("fills defaults for a newcomer's empty environment", () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.DATA_DIR).toBe("./data");
    expect(e.DATABASE_URL).toBeUndefined();
  });
  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", SMTP_URL: "" }).DATABASE_URL).toBeUndefined();
  });
  it("names the bad variable in the error", () => {
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => parseEnv({ SMTP_URL: "localhost:25" })).toThrow(/SMTP_URL/);
  });
});

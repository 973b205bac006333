import { describe, expect, it } from "vitest";
import { acceptsGzip } from "#app/server/shared/accept-encoding.server.ts";

describe("acceptsGzip (entry.server gzips whole pages itself)", () => {
  it("accepts gzip named by browsers and clients", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("GZIP")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
  });
  it("refuses without the header, when gzip is not named, or when its q-value is 0", () => {
    expect(acceptsGzip(null)).toBe(false);
    expect(acceptsGzip("")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("br, deflate")).toBe(false);
    // The obsolete alias is unknown to negotiator, as to compression(): such a client gets plain HTML.
    expect(acceptsGzip("x-gzip")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("*, gzip;q=0")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { forwardedClient } from "#scripts/lib/forwarded-for.mjs";

describe("forwardedClient (TRUST_PROXY=1)", () => {
  it("takes the right-most entry behind one proxy, ignoring what the client put on the left", () => {
    expect(forwardedClient("1.1.1.1, 9.9.9.9", "10.0.0.1", 1)).toBe("9.9.9.9");
    expect(forwardedClient("spoofed, also-spoofed, 203.0.113.5", "10.0.0.1", 1)).toBe("203.0.113.5");
  });
  it("skips one more entry per trusted hop", () => {
    expect(forwardedClient("spoofed, 203.0.113.5, 172.16.0.2", "10.0.0.1", 2)).toBe("203.0.113.5");
  });
  it("falls back to the socket's peer when the header is missing or shorter than the hops", () => {
    expect(forwardedClient(undefined, "10.0.0.1", 1)).toBe("10.0.0.1");
    expect(forwardedClient("203.0.113.5", "10.0.0.1", 3)).toBe("203.0.113.5");
    expect(forwardedClient(["a, b", "c"], "10.0.0.1", 1)).toBe("c");
  });
});

import { describe, expect, it } from "vitest";
import { createNonce } from "#app/server/shared/security-headers.server.ts";

describe("page nonces", () => {
  it("are 128 random bits each, never repeated across refills of the pool", () => {
    const seen = new Set<string>();
    // 256 nonces per refill: 1,000 cross several refills.
    for (let i = 0; i < 1000; i++) {
      const n = createNonce();
      expect(Buffer.from(n, "base64")).toHaveLength(16);
      seen.add(n);
    }
    expect(seen.size).toBe(1000);
  });
});

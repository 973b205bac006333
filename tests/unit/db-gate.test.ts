import { describe, expect, it } from "vitest";
import { Semaphore } from "#app/server/shared/db-gate.server.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Semaphore", () => {
  it("runs at most max at once and the rest in arrival order", async () => {
    const gate = new Semaphore(2);
    const order: number[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        gate.run(async () => {
          inside += 1;
          most = Math.max(most, inside);
          order.push(i);
          await sleep(10);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("quiet() lets background work wait for a lull of idleMs after the last holder, but not forever", async () => {
    const gate = new Semaphore(1);
    let t = Date.now();
    await gate.quiet(1_000, 200);
    expect(Date.now() - t).toBeLessThan(100); // never held: nothing to wait for

    const held = gate.run(() => sleep(150));
    t = Date.now();
    await gate.quiet(5_000, 200);
    await held;
    // released at ~150 ms, then 200 ms of calm
    expect(Date.now() - t).toBeGreaterThanOrEqual(330);

    let release!: () => void;
    const busy = gate.run(() => new Promise<void>((r) => (release = r)));
    t = Date.now();
    await gate.quiet(300, 200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290); // gave up after maxMs
    expect(gate.busy).toBe(true);
    release();
    await busy;
  });
});

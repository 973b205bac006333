import type { Express, Request, Response } from "express";
import { z } from "zod";
import { now, setNow } from "./clock.server.ts";

/**
 * The e2e suite's way to move the server's clock (a contest's deadline passes in seconds, not
 * weeks). It exists only on a server started with E2E_CLOCK=1 (tests/e2e/support/e2e-server.mjs
 * sets it); without the flag nothing is mounted and the path is an ordinary 404. A production
 * server (NODE_ENV=production, as the e2e server is) with the flag must also listen on loopback
 * only: a deployment that copied the flag by accident refuses to start instead of letting anyone
 * on the network move its deadlines.
 */
export const E2E_CLOCK_PATH = "/__e2e/clock";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

type Source = Record<string, string | undefined>;

/** Whether to mount the hook; throws when the flag is set where it must never be. */
export function e2eClockEnabled(source: Source): boolean {
  if (source.E2E_CLOCK !== "1") return false;
  if (source.NODE_ENV === "production" && !LOOPBACK.has(source.HOST ?? "0.0.0.0")) {
    throw new Error(
      "E2E_CLOCK=1 is for the e2e test server only: refusing to start a production server with it on a non-loopback HOST.",
    );
  }
  return true;
}

const Body = z.strictObject({
  /** The moment "now" jumps to, or null to go back to the real clock. */
  now: z.iso.datetime({ offset: true }).nullable(),
  /** Keep time running from that moment (default) or freeze it there. */
  running: z.boolean().default(true),
});

function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1024) reject(new Error("too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function fromLoopback(req: Request): boolean {
  const a = req.socket.remoteAddress ?? "";
  return a === "127.0.0.1" || a === "::1" || a === "::ffff:127.0.0.1";
}

export function mountE2eClock(app: Express, source: Source = process.env): boolean {
  if (!e2eClockEnabled(source)) return false;
  console.warn(`[e2e] E2E_CLOCK=1: the server's clock can be moved through ${E2E_CLOCK_PATH}`);
  app.get(E2E_CLOCK_PATH, (req: Request, res: Response) => {
    if (!fromLoopback(req)) return void res.status(404).end();
    res.json({ now: now().toISOString() });
  });
  app.post(E2E_CLOCK_PATH, (req: Request, res: Response) => {
    if (!fromLoopback(req)) return void res.status(404).end();
    readBody(req)
      .then((text) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return void res.status(400).json({ error: "body must be JSON" });
        }
        const parsed = Body.safeParse(json);
        if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
        setNow(parsed.data.now, { running: parsed.data.running });
        res.json({ now: now().toISOString() });
      })
      .catch(() => res.status(413).end());
  });
  return true;
}

/**
 * Issue 10 item 3: one route shape. An action that serves several forms parses the form with one
 * `z.discriminatedUnion("intent", …)` and calls one service per intent; it does not branch by hand
 * on the raw form's `intent`. This test scans app/routes for the hand-written branch (reading
 * `intent` from the FormData or the raw object) and fails on a new one.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** `intent: form.get("intent")` hands it to a schema, which is the shape, not a branch. */
const RAW_INTENT = /(?<!intent:\s*)\b\w+\.get\(\s*["']intent["']\s*\)|\b(?:form|formData|posted|body)\.intent\b/g;

/**
 * Raw reads still there, at most this many per file, each with its reason; lower a count (or drop
 * the file) when it goes, never raise one.
 */
const PENDING: Record<string, { reads: number; why: string }> = {
  "app/routes/organizer.$slug.rounds.$n.tsx": {
    reads: 3,
    why: "the score import is multipart and dispatched before the union; a bad form's reply names its form",
  },
  "app/routes/organizer.$slug.results.tsx": { reads: 1, why: "a bad form's reply names the form it came from" },
  "app/routes/organizer.$slug.assignments.tsx": { reads: 3, why: "a bad form's words depend on the form" },
  "app/routes/judge.rounds.$roundId.entries.$entryId.tsx": { reads: 1, why: "a bad form's words depend on the form" },
  "app/routes/me.entries.$id.tsx": {
    reads: 2,
    why: "delete draft / remove file before the shared entry-save path (handleEntryPost), owned by the submit work",
  },
  "app/routes/account.security.tsx": { reads: 1, why: "sign out everywhere beside the password form" },
  "app/routes/register.tsx": { reads: 1, why: "resend the confirmation mail beside the registration form" },
};

const routes = fs
  .readdirSync("app/routes")
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => path.posix.join("app/routes", f));

describe("route actions take one intent union", () => {
  it.each(routes)("%s reads no raw intent beyond its pending count", (file) => {
    const src = fs.readFileSync(file, "utf8");
    const reads = src.match(RAW_INTENT)?.length ?? 0;
    expect(reads, PENDING[file]?.why).toBeLessThanOrEqual(PENDING[file]?.reads ?? 0);
  });

  it("keeps the pending list honest: each file listed still has what it lists", () => {
    for (const [file, { reads }] of Object.entries(PENDING))
      expect([file, fs.readFileSync(file, "utf8").match(RAW_INTENT)?.length ?? 0]).toEqual([file, reads]);
  });

  it("parses every organizer action with intents through one discriminated union", () => {
    const branching = routes.filter(
      (f) => f.startsWith("app/routes/organizer.") && /name="intent"/.test(fs.readFileSync(f, "utf8")),
    );
    expect(branching.length).toBeGreaterThan(5);
    for (const file of branching)
      expect([file, /z\.discriminatedUnion\(\s*"intent"/.test(fs.readFileSync(file, "utf8"))]).toEqual([file, true]);
  });
});

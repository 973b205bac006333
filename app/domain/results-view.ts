/**
 * Parts of the organizer's results page as plain data, declared once: results/results-view.server.ts
 * builds them, components/results/* show them (types flow server → domain ← components).
 */
import type { Resolution } from "./allocation.ts";

/** A tie at a prize boundary: who is tied, on what score, and how it was settled if it was. */
export interface TieView {
  /** The tied entries in ranking order; joined with "," they name the tie in its forms. */
  entryIds: string[];
  aggregate: number;
  members: { id: string; code: string; title: string }[];
  /** `rule`: the tie-break rule that decided it (worded when shown), null for a person's decision. */
  resolution: (Pick<Resolution, "decision" | "reason"> & { rule: string | null }) | null;
}

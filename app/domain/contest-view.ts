/**
 * A contest's public rules page as plain data, declared once: journalist/contests.server.ts
 * builds it, components/contest-rules.tsx shows it.
 */
import type { IsoDate } from "./dates.ts";
import type { ContestPhase } from "./status.ts";

/** What the public sees of a contest's rules, already in the reader's language. */
export interface ContestRulesView {
  slug: string;
  name: string;
  theme: string;
  description: string;
  phase: ContestPhase;
  publicationStart: IsoDate;
  publicationEnd: IsoDate;
  submissionDeadline: IsoDate;
  timeZone: string;
  postmarkCounts: boolean;
  /** Entrants may submit now: the contest is open and its deadline day has not ended. */
  acceptingEntries: boolean;
  organizer: { name: string; unit: string; address: string; phone: string; email: string };
  categories: {
    code: string;
    name: string;
    tiers: { position: number; name: string; count: number; amount: number }[];
  }[];
}

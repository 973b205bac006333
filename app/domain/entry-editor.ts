/**
 * The data the entry editor takes from the server, declared once: the journalist services
 * build it, the editor component (app/components/entry) reads it.
 */
import type { RuleIssue } from "./eligibility.ts";
import type { EvidenceRule } from "./evidence.ts";

/** A category the entrant may choose, with what its evidence must be. */
export interface CategoryOption {
  id: string;
  name: string;
  urlRequired: boolean;
  evidenceRules: EvidenceRule[];
}

/** What posting the entry form answers when it changes nothing. */
export interface EntryActionData {
  fieldErrors?: Record<string, string[]>;
  issues?: RuleIssue[];
  formError?: string;
}

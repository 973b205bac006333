/**
 * What a judge's entry page shows, declared once: the judging service builds it, the judging
 * components take the parts they need (types flow server → domain ← components, never across).
 */
import type { IsoDate } from "./dates.ts";

/** A file as a judge may see it: no original name, which often names the author. */
export interface JudgeFile {
  id: string;
  mimeType: string;
  sizeBytes: number;
  label: string;
}

/** One criterion of the round's rubric, in the reader's language. */
export interface JudgeCriterion {
  id: string;
  position: number;
  name: string;
  description: string;
  maxPoints: number;
  weight: number;
}

/** The viewer's own score sheet for the entry. */
export interface JudgeScoreSheet {
  status: "NONE" | "DRAFT" | "SUBMITTED";
  values: Record<string, number>;
  comment: string;
  total: number | null;
  reopenReason: string;
}

export interface JudgeEntryView {
  contest: { slug: string; name: string };
  round: { id: string; name: string; open: boolean; seeOthers: boolean; scoreStep: number; minConflictReason: number };
  criteria: JudgeCriterion[];
  entry: {
    id: string;
    code: string;
    title: string;
    summary: string;
    outlet: string;
    kind: "SINGLE" | "SERIES";
    category: string;
    parts: { position: number; title: string; publishedOn: IsoDate; url: string; files: JudgeFile[] }[];
    files: JudgeFile[];
    /** Present only when the contest is not blind and the round shows authors. */
    authors?: { fullName: string; penName: string; agency: string }[];
  };
  score: JudgeScoreSheet;
  /** Submitted sheets of the other judges: empty until the viewer's own sheet is submitted. */
  others: { label: string; total: number | null; comment: string }[];
  /** The round shows others' scores but the viewer has not submitted theirs yet. */
  othersPending: boolean;
  /** The viewer's own letter ("Giám khảo B") when the round shows others' scores, else "". */
  ownLabel: string;
  prevEntryId: string | null;
  nextEntryId: string | null;
}

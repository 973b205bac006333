/**
 * Contest set-up: the forms' schemas (shared by browser and server) and the checks that refuse
 * a change which would invalidate entries already submitted or scores already given.
 */
import { z } from "zod";
import { deadlineEndsAt, type IsoDate } from "./dates.ts";
import { calendarDate } from "./date-schema.ts";
import type { Refusal } from "./errors.ts";
import { FILE_KINDS, MiB, type EvidenceRule, type FileKind } from "./evidence.ts";
import { TIE_BREAK_RULES } from "./tie-break.ts";

const req = (max = 300) =>
  z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");
const opt = (max = 2000) => z.string().trim().max(max, "validation.tooLong").default("");
// dd/mm/yyyy as typed (any browser locale), parsed to ISO by the one shared helper.
const date = calendarDate();
// Forms are parsed with conform's parseWithZod, which turns "" into undefined, numeric text into
// numbers and a checked box into true before these schemas run.
const checkbox = z.boolean().default(false);
const int = (min: number, max: number) =>
  z
    .number({ error: "organizer:validation.number" })
    .int("organizer:validation.integer")
    .min(min, "organizer:validation.min")
    .max(max, "organizer:validation.max");
const num = () => z.number({ error: "organizer:validation.number" });

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const ContestCreateSchema = z.object({
  slug: req(80).regex(SLUG_RE, "organizer:validation.slug"),
  nameVi: req(500),
  nameEn: opt(500),
  organizerName: req(300),
  publicationStart: date,
  publicationEnd: date,
  submissionDeadline: date,
  /** The form shows it checked: new contests require two-step verification unless unticked. */
  requireTwoFactor: checkbox,
});

export const ContestRulesSchema = z
  .object({
    nameVi: req(500),
    nameEn: opt(500),
    themeVi: opt(500),
    themeEn: opt(500),
    descriptionVi: opt(),
    descriptionEn: opt(),
    organizerName: req(300),
    organizerUnit: opt(300),
    organizerAddress: opt(500),
    organizerPhone: opt(50),
    organizerEmail: z.union([z.literal(""), z.email("validation.emailInvalid")]).default(""),
    documentPlace: opt(100),
    publicationStart: date,
    publicationEnd: date,
    submissionDeadline: date,
    timeZone: req(64).refine(validTimeZone, "organizer:validation.timeZone"),
    postmarkCounts: checkbox,
    blindJudging: checkbox,
    maxPartsPerEntry: int(1, 100),
    maxAuthorsPerEntry: int(1, 50),
    // Judging rules; a field left out keeps the contest's current value.
    tieBreakRule: z.enum(TIE_BREAK_RULES).optional(),
    judgeInviteDays: int(1, 90).optional(),
    // Minimum reason lengths (characters); 1 = any reason, never none.
    minReasonConflict: int(1, 500).optional(),
    minReasonOverride: int(1, 500).optional(),
    minReasonRecuse: int(1, 500).optional(),
    minReasonReopen: int(1, 500).optional(),
    minReasonTie: int(1, 500).optional(),
    minReasonIneligible: int(1, 500).optional(),
  })
  .refine((v) => v.publicationStart <= v.publicationEnd, {
    path: ["publicationEnd"],
    message: "organizer:validation.windowOrder",
  })
  .refine((v) => v.publicationStart <= v.submissionDeadline, {
    path: ["submissionDeadline"],
    message: "organizer:validation.deadlineBeforeWindow",
  });
export type ContestRules = z.infer<typeof ContestRulesSchema>;

/** Default sniffed types per evidence kind; the form picks kinds and a size limit for each. */
export const DEFAULT_MIMES: Record<FileKind, string[]> = {
  document: ["application/pdf"],
  image: ["image/jpeg", "image/png"],
  audio: ["audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/wav", "audio/x-wav"],
  video: ["video/mp4", "video/quicktime", "video/webm"],
};

const optMb = int(1, 10_240).optional();
export const CategorySchema = z.object({
  code: req(40).regex(/^[a-z0-9-]+$/, "organizer:validation.slug"),
  nameVi: req(200),
  nameEn: opt(200),
  codePrefix: req(10).regex(/^[A-Z0-9]+$/, "organizer:validation.prefix"),
  sortOrder: int(0, 1000).default(0),
  urlRequired: checkbox,
  documentMaxMb: optMb,
  imageMaxMb: optMb,
  audioMaxMb: optMb,
  videoMaxMb: optMb,
});
export type CategoryForm = z.infer<typeof CategorySchema>;

/**
 * The category form's per-kind size limits → stored evidence rules (a kind left empty is not
 * accepted). A kind the category already has keeps its own file types (the online category's
 * PNG-only captures stay PNG-only); only a newly added kind gets the default types.
 */
export function evidenceRulesFromForm(f: CategoryForm, current: readonly EvidenceRule[] = []): EvidenceRule[] {
  return FILE_KINDS.flatMap((kind) => {
    const mb = f[`${kind}MaxMb`];
    const mimeTypes = current.find((r) => r.kind === kind)?.mimeTypes ?? DEFAULT_MIMES[kind];
    return typeof mb === "number" ? [{ kind, mimeTypes: [...mimeTypes], maxBytes: mb * MiB }] : [];
  });
}

export const PrizeTierSchema = z.object({
  position: int(1, 50),
  nameVi: req(200),
  nameEn: opt(200),
  count: int(1, 1000),
  amount: int(0, 100_000_000_000),
  minScore: num().min(0, "organizer:validation.min").optional(),
});

export const RoundSchema = z
  .object({
    position: int(1, 20),
    nameVi: req(200),
    nameEn: opt(200),
    source: z.enum(["ALL_ELIGIBLE", "ADVANCED"]),
    advancementRule: z.enum(["NONE", "TOP_N", "THRESHOLD"]),
    advanceTopN: int(1, 10_000).optional(),
    advanceThreshold: num().min(0, "organizer:validation.min").optional(),
    aggregation: z.enum(["MEAN", "TRIMMED_MEAN", "MEDIAN"]),
    trimPercent: int(0, 45).default(20),
    minJudgesPerEntry: int(1, 100),
    judgesPerEntry: int(1, 100).optional(),
    isFinal: checkbox,
    judgesSeeAuthors: checkbox,
    judgesSeeOtherScores: checkbox,
    onlyAssignedEntries: checkbox,
    /** Told to judges in the round's opening mail; optional. */
    scoringDeadline: date.optional(),
    /** Judges score in multiples of it (0.25 = quarter points; 1 = whole points); left empty on
     *  a new round, the database default (Round.scoreStep) applies. */
    scoreStep: num().positive("organizer:validation.min").max(100, "organizer:validation.max").optional(),
  })
  .refine((r) => r.advancementRule !== "TOP_N" || typeof r.advanceTopN === "number", {
    path: ["advanceTopN"],
    message: "validation.required",
  })
  .refine((r) => r.advancementRule !== "THRESHOLD" || typeof r.advanceThreshold === "number", {
    path: ["advanceThreshold"],
    message: "validation.required",
  })
  .refine((r) => typeof r.judgesPerEntry !== "number" || r.judgesPerEntry >= r.minJudgesPerEntry, {
    path: ["judgesPerEntry"],
    message: "organizer:validation.kBelowMin",
  });
export type RoundForm = z.infer<typeof RoundSchema>;

export const CriterionSchema = z.object({
  position: int(1, 50),
  nameVi: req(200),
  nameEn: opt(200),
  descriptionVi: opt(1000),
  descriptionEn: opt(1000),
  maxPoints: num().positive("organizer:validation.min").max(1000, "organizer:validation.max"),
  weight: num().positive("organizer:validation.min").max(100, "organizer:validation.max").default(1),
});

// --- changes that would invalidate what exists ------------------------------------------------

/** What already exists in a contest, gathered by the server before a change. */
export interface ContestFacts {
  /** Entries past DRAFT (submitted, decided, withdrawn) and registered mailed entries. */
  entryCount: number;
  earliestPart: IsoDate | null;
  latestPart: IsoDate | null;
  latestOnlineSubmit: Date | null;
  latestPostmark: IsoDate | null;
  maxParts: number;
  maxAuthors: number;
  scoreCount: number;
}

/** A refusal of these checks is the platform's one refusal shape (code + params). */
export type { Refusal };

export function checkRulesChange(next: ContestRules, facts: ContestFacts): Refusal[] {
  const out: Refusal[] = [];
  if (facts.entryCount === 0) return out;
  if (facts.earliestPart && next.publicationStart > facts.earliestPart) {
    out.push({ code: "window_start", params: { date: facts.earliestPart } });
  }
  if (facts.latestPart && next.publicationEnd < facts.latestPart) {
    out.push({ code: "window_end", params: { date: facts.latestPart } });
  }
  if (facts.latestOnlineSubmit && deadlineEndsAt(next.submissionDeadline, next.timeZone) <= facts.latestOnlineSubmit) {
    out.push({ code: "deadline_submit" });
  }
  if (facts.latestPostmark && next.submissionDeadline < facts.latestPostmark) {
    out.push({ code: "deadline_postmark", params: { date: facts.latestPostmark } });
  }
  if (next.maxPartsPerEntry < facts.maxParts) out.push({ code: "max_parts", params: { n: facts.maxParts } });
  if (next.maxAuthorsPerEntry < facts.maxAuthors) out.push({ code: "max_authors", params: { n: facts.maxAuthors } });
  return out;
}

export function checkCategoryChange(
  current: { codePrefix: string; code: string } | null,
  next: CategoryForm | null,
  facts: { entryCount: number; awardCount: number },
): Refusal[] {
  if (facts.entryCount === 0 && facts.awardCount === 0) return [];
  if (!next) return [{ code: "category_delete", params: { n: facts.entryCount } }];
  const out: Refusal[] = [];
  if (current && current.codePrefix !== next.codePrefix) out.push({ code: "category_prefix" });
  if (current && current.code !== next.code) out.push({ code: "category_code" });
  return out;
}

/** A rubric cannot change under scores already given: they would no longer add up. */
export function checkRubricChange(
  facts: { scoreCount: number; assignmentCount?: number },
  deleting = false,
): Refusal[] {
  if (facts.scoreCount > 0) return [{ code: "rubric_scored", params: { n: facts.scoreCount } }];
  if (deleting && (facts.assignmentCount ?? 0) > 0)
    return [{ code: "round_assigned", params: { n: facts.assignmentCount ?? 0 } }];
  return [];
}

/** What may still change in a round that has scores: its names and what judges may see. */
// A scoring deadline informs judges and decides nothing, so it may move after scoring started.
const ROUND_FIELDS_EDITABLE_WHEN_SCORED = new Set([
  "nameVi",
  "nameEn",
  "judgesSeeAuthors",
  "judgesSeeOtherScores",
  "onlyAssignedEntries",
  "scoringDeadline",
]);

/**
 * Once a round has scores, everything that decides results (aggregation, advancement, which
 * round is final, judges per entry …) is frozen; only the allowed fields may differ.
 */
export function checkRoundChange(
  before: Record<string, unknown>,
  next: Record<string, unknown>,
  facts: { scoreCount: number },
): Refusal[] {
  if (facts.scoreCount === 0) return [];
  const changed = Object.keys(next).filter(
    (k) => !ROUND_FIELDS_EDITABLE_WHEN_SCORED.has(k) && k in before && before[k] !== next[k],
  );
  return changed.length ? [{ code: "rubric_scored", params: { n: facts.scoreCount } }] : [];
}

export function checkTierChange(facts: { awardCount: number }): Refusal[] {
  return facts.awardCount > 0 ? [{ code: "tiers_awarded" }] : [];
}

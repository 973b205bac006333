/**
 * A round's rubric (tiêu chí chấm): criteria with their bounds and weights, and the checks a
 * judge's score sheet must pass. A judge's total for an entry is Σ value × weight.
 */
export interface RubricCriterion {
  id: string;
  position: number;
  maxPoints: number;
  weight: number;
}

/** Values per criterion id; a missing or null value is "not scored yet" (allowed in drafts). */
export type ScoreValues = Record<string, number | null | undefined>;

export type RubricProblem =
  | { code: "rubric.empty" }
  | { code: "rubric.badMax"; criterionId: string }
  | { code: "rubric.badWeight"; criterionId: string }
  | { code: "rubric.duplicatePosition"; criterionId: string };

/** A rubric is usable when it has criteria, each with a positive maximum and weight. */
export function validateRubric(criteria: readonly RubricCriterion[]): RubricProblem[] {
  if (criteria.length === 0) return [{ code: "rubric.empty" }];
  const problems: RubricProblem[] = [];
  const seen = new Set<number>();
  for (const c of criteria) {
    if (!Number.isFinite(c.maxPoints) || c.maxPoints <= 0) problems.push({ code: "rubric.badMax", criterionId: c.id });
    if (!Number.isFinite(c.weight) || c.weight <= 0) problems.push({ code: "rubric.badWeight", criterionId: c.id });
    if (seen.has(c.position)) problems.push({ code: "rubric.duplicatePosition", criterionId: c.id });
    seen.add(c.position);
  }
  return problems;
}

/** True when `v` is a multiple of the round's score step (Round.scoreStep, e.g. 0.25). */
export function onStep(v: number, step: number): boolean {
  if (!(step > 0)) return true;
  return Math.abs(v / step - Math.round(v / step)) <= 1e-9;
}

export type ValueProblem =
  "score.missing" | "score.notNumber" | "score.belowZero" | "score.aboveMax" | "score.step" | "score.unknownCriterion";

/**
 * Checks a score sheet against the rubric. `complete` = every criterion must have a value
 * (a submission); drafts may leave criteria empty; `step` = the round's score step. Returns
 * problems per criterion id.
 */
export function validateScoreValues(
  criteria: readonly RubricCriterion[],
  values: ScoreValues,
  opts: { complete: boolean; step: number },
): Record<string, ValueProblem> {
  const problems: Record<string, ValueProblem> = {};
  const ids = new Set(criteria.map((c) => c.id));
  for (const key of Object.keys(values)) {
    if (!ids.has(key)) problems[key] = "score.unknownCriterion";
  }
  for (const c of criteria) {
    const v = values[c.id];
    if (v === null || v === undefined) {
      if (opts.complete) problems[c.id] = "score.missing";
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) problems[c.id] = "score.notNumber";
    else if (v < 0) problems[c.id] = "score.belowZero";
    else if (v > c.maxPoints) problems[c.id] = "score.aboveMax";
    else if (!onStep(v, opts.step)) problems[c.id] = "score.step";
  }
  return problems;
}

/** Σ value × weight over the rubric; null when a criterion is unscored. */
export function weightedTotal(criteria: readonly RubricCriterion[], values: ScoreValues): number | null {
  let total = 0;
  for (const c of criteria) {
    const v = values[c.id];
    if (v === null || v === undefined) return null;
    total += v * c.weight;
  }
  return total;
}

/** The highest total a judge can give: Σ maxPoints × weight. */
export function maxTotal(criteria: readonly RubricCriterion[]): number {
  return criteria.reduce((s, c) => s + c.maxPoints * c.weight, 0);
}

/**
 * Parses a typed score ("8,5" or "8.5", Vietnamese decimal comma accepted). Empty → null;
 * anything else that is not a number → NaN, which `validateScoreValues` reports.
 */
export function parseScoreInput(raw: unknown): number | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).trim().replace(",", ".");
  if (s === "") return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * What a judge sees while typing: a problem per criterion whose field holds something that is
 * not a valid score (empty fields are not problems yet), and the total over the valid values
 * only, with how many criteria it counts.
 */
export function liveScoreCheck(
  criteria: readonly RubricCriterion[],
  typed: Record<string, string | undefined>,
  step: number,
): { problems: Record<string, ValueProblem>; total: number; counted: number } {
  const parsed: ScoreValues = Object.fromEntries(criteria.map((c) => [c.id, parseScoreInput(typed[c.id])]));
  const problems = validateScoreValues(criteria, parsed, { complete: false, step });
  let total = 0;
  let counted = 0;
  for (const c of criteria) {
    const v = parsed[c.id];
    if (v === null || v === undefined || problems[c.id]) continue;
    total += v * c.weight;
    counted += 1;
  }
  return { problems, total, counted };
}

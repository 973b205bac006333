/**
 * Paper score sheets typed into a CSV (nhập phiếu chấm giấy). Pure parsing and checking of the
 * rows; the server checks references (entries, judges, assignments) and writes all or nothing.
 *
 * Header (first line, names case-insensitive): entry_code, judge_email, c1 … cN (criterion
 * positions), optional comment. Values accept a decimal comma ("8,5" quoted, or ";" as the
 * delimiter).
 */
import { parseScoreInput, validateScoreValues, type RubricCriterion, type ValueProblem } from "./rubric.ts";

export interface SheetRow {
  line: number;
  entryCode: string;
  judgeEmail: string;
  /** By criterion id. */
  values: Record<string, number | null>;
  comment: string;
}

/**
 * One problem of the file. `key` names a message of the organizer catalogue under
 * `scoreImport.errors.` (the CLI prints it in Vietnamese, the round page in the reader's
 * language); line 0 is about the whole import, line 1 the header.
 */
export interface LineError {
  line: number;
  key: string;
  params: Record<string, string | number>;
}

const PROBLEM_KEY: Record<ValueProblem, string> = {
  "score.missing": "value.missing",
  "score.notNumber": "value.notNumber",
  "score.belowZero": "value.belowZero",
  "score.aboveMax": "value.aboveMax",
  "score.step": "value.step",
  "score.unknownCriterion": "value.unknownCriterion",
};

export function parseScoreSheet(
  records: string[][],
  criteria: readonly RubricCriterion[],
  step: number,
): { rows: SheetRow[]; errors: LineError[] } {
  const errors: LineError[] = [];
  const rows: SheetRow[] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const codeCol = col("entry_code");
  const emailCol = col("judge_email");
  const commentCol = col("comment");
  const critCols = criteria.map((c) => ({ c, i: col(`c${c.position}`) }));
  const missing = [
    ...(codeCol < 0 ? ["entry_code"] : []),
    ...(emailCol < 0 ? ["judge_email"] : []),
    ...critCols.filter((x) => x.i < 0).map((x) => `c${x.c.position}`),
  ];
  if (missing.length)
    return { rows, errors: [{ line: 1, key: "missingColumns", params: { columns: missing.join(", ") } }] };
  const known = new Set(["entry_code", "judge_email", "comment", ...criteria.map((c) => `c${c.position}`)]);
  const extra = header.filter((h) => h && !known.has(h));
  if (extra.length) errors.push({ line: 1, key: "extraColumns", params: { columns: extra.join(", ") } });
  const seen = new Map<string, number>();
  records.slice(1).forEach((r, k) => {
    const line = k + 2;
    if (r.every((cell) => cell.trim() === "")) return;
    const entryCode = (r[codeCol] ?? "").trim().toUpperCase();
    const judgeEmail = (r[emailCol] ?? "").trim().toLowerCase();
    if (!entryCode) errors.push({ line, key: "missingCode", params: {} });
    if (!/^[^@\s]+@[^@\s]+$/.test(judgeEmail)) errors.push({ line, key: "badEmail", params: { email: judgeEmail } });
    const values = Object.fromEntries(critCols.map(({ c, i }) => [c.id, parseScoreInput(r[i])]));
    const problems = validateScoreValues(criteria, values, { complete: true, step });
    for (const { c } of critCols) {
      const p = problems[c.id];
      if (p)
        errors.push({
          line,
          key: PROBLEM_KEY[p],
          params: {
            column: `c${c.position}`,
            value: (r[critCols.find((x) => x.c.id === c.id)!.i] ?? "").trim(),
            max: c.maxPoints,
            step,
          },
        });
    }
    const key = `${entryCode}|${judgeEmail}`;
    if (seen.has(key))
      errors.push({ line, key: "duplicate", params: { email: judgeEmail, code: entryCode, first: seen.get(key)! } });
    else seen.set(key, line);
    rows.push({ line, entryCode, judgeEmail, values, comment: commentCol >= 0 ? (r[commentCol] ?? "").trim() : "" });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 1, key: "noRows", params: {} });
  return { rows, errors };
}

import { parse } from "csv-parse/sync";
import { parseScoreSheet, type LineError } from "#app/domain/score-import.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { weightedTotal } from "#app/domain/rubric.ts";
import { audit } from "../shared/audit.server.ts";
import { now } from "../shared/clock.server.ts";
import { openRoundEntries } from "./judging.server.ts";
import type { Db } from "../shared/db.server.ts";

/** A problem with its Vietnamese sentence (the CLI's output; the web renders `key` itself). */
export type ImportError = LineError & { message: string };

export interface ImportOutcome {
  ok: boolean;
  errors: ImportError[];
  imported: number;
}

/** The sentence of one import problem in `locale`, from the organizer catalogue. */
export function scoreImportErrorText(e: LineError, locale: Locale = "vi"): string {
  return getI18n(locale).t(`scoreImport.errors.${e.key}`, { ns: "organizer", ...e.params });
}

const withText = (errors: LineError[]): ImportError[] =>
  errors.map((e) => ({ ...e, message: scoreImportErrorText(e) }));

/**
 * Imports paper score sheets for one round, all or nothing: every line is checked (entry in
 * the contest, a judge of the contest assigned to it in this round, values within the rubric,
 * no score already submitted) and every problem is reported with its line number; only a file
 * without a single problem is written, in one transaction, as submitted and audited scores.
 */
export async function importScores(
  db: Db,
  input: { contestSlug: string; roundPosition: number; csv: string; actorId: string | null },
): Promise<ImportOutcome> {
  const fail = (key: string, params: LineError["params"]): ImportOutcome => ({
    ok: false,
    errors: withText([{ line: 0, key, params }]),
    imported: 0,
  });
  const contest = await db.contest.findUnique({ where: { slug: input.contestSlug } });
  if (!contest) return fail("noContest", { slug: input.contestSlug });
  const round = await db.round.findUnique({
    where: { contestId_position: { contestId: contest.id, position: input.roundPosition } },
    include: { criteria: { orderBy: { position: "asc" } } },
  });
  if (!round) return fail("noRound", { n: input.roundPosition });
  if (round.status !== "OPEN") return fail("roundNotOpen", { n: input.roundPosition });
  let records: string[][];
  const csv = input.csv.replace(/^\uFEFF/, "");
  // Spreadsheets set to Vietnamese save with ";" (the comma is their decimal separator).
  const header = csv.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = header.includes(";") && !header.includes(",") ? ";" : ",";
  try {
    records = parse(csv, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (err) {
    return fail("badCsv", { detail: (err as Error).message });
  }
  const { rows, errors } = parseScoreSheet(records, round.criteria, round.scoreStep);
  const codes = [...new Set(rows.map((r) => r.entryCode))];
  const emails = [...new Set(rows.map((r) => r.judgeEmail))];
  const [entries, judges] = await Promise.all([
    db.entry.findMany({
      where: { contestId: contest.id, code: { in: codes } },
      select: { id: true, code: true, categoryId: true },
    }),
    db.user.findMany({
      where: { email: { in: emails } },
      select: { id: true, email: true, roleGrants: { where: { role: "JUDGE", contestId: contest.id } } },
    }),
  ]);
  const entryBy = new Map(entries.map((e) => [e.code!, e]));
  const judgeBy = new Map(judges.map((j) => [j.email, j]));
  const [assignments, scores] = await Promise.all([
    db.assignment.findMany({
      where: { roundId: round.id, entryId: { in: entries.map((e) => e.id) } },
      select: { entryId: true, judgeId: true },
    }),
    db.score.findMany({
      where: { roundId: round.id, entryId: { in: entries.map((e) => e.id) } },
      select: { entryId: true, judgeId: true, status: true },
    }),
  ]);
  const assigned = new Set(assignments.map((a) => `${a.entryId}|${a.judgeId}`));
  // A round open to the whole panel accepts any judge's sheet for an entry they may judge.
  if (!round.onlyAssignedEntries) {
    for (const j of judges.filter((x) => x.roleGrants.length > 0)) {
      for (const e of await openRoundEntries(
        db,
        j.id,
        round,
        entries.map((x) => x.id),
      ))
        assigned.add(`${e.id}|${j.id}`);
    }
  }
  const submitted = new Set(scores.filter((s) => s.status === "SUBMITTED").map((s) => `${s.entryId}|${s.judgeId}`));
  for (const r of rows) {
    const e = entryBy.get(r.entryCode);
    const j = judgeBy.get(r.judgeEmail);
    if (r.entryCode && !e) errors.push({ line: r.line, key: "unknownEntry", params: { code: r.entryCode } });
    if (!j) errors.push({ line: r.line, key: "unknownAccount", params: { email: r.judgeEmail } });
    else if (j.roleGrants.length === 0) errors.push({ line: r.line, key: "notJudge", params: { email: r.judgeEmail } });
    if (e && j?.roleGrants.length) {
      const key = `${e.id}|${j.id}`;
      if (!assigned.has(key))
        errors.push({
          line: r.line,
          key: "notAssigned",
          params: { email: r.judgeEmail, code: r.entryCode, n: round.position },
        });
      if (submitted.has(key))
        errors.push({ line: r.line, key: "alreadySubmitted", params: { email: r.judgeEmail, code: r.entryCode } });
    }
  }
  if (errors.length) return { ok: false, errors: withText(errors.sort((a, b) => a.line - b.line)), imported: 0 };

  const t = now();
  await db.$transaction(
    async (tx) => {
      for (const r of rows) {
        const entryId = entryBy.get(r.entryCode)!.id;
        const judgeId = judgeBy.get(r.judgeEmail)!.id;
        const key = { roundId_entryId_judgeId: { roundId: round.id, entryId, judgeId } };
        // A draft the judge started online is replaced by the signed paper sheet.
        await tx.score.deleteMany({ where: { roundId: round.id, entryId, judgeId, status: "DRAFT" } });
        const total = weightedTotal(round.criteria, r.values);
        const score = await tx.score.create({
          data: {
            ...key.roundId_entryId_judgeId,
            status: "SUBMITTED",
            comment: r.comment,
            submittedAt: t,
            weightedTotal: total,
            values: { create: round.criteria.map((c) => ({ criterionId: c.id, value: r.values[c.id]! })) },
          },
        });
        await audit(tx, {
          actorId: input.actorId,
          action: "score.import",
          targetType: "Score",
          targetId: score.id,
          contestId: contest.id,
          entryId,
          after: { roundId: round.id, judgeId, line: r.line, values: r.values, total },
        });
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ok: true, errors: [], imported: rows.length };
}

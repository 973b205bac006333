import { parse } from "csv-parse/sync";
import { parseScoreSheet, type LineError } from "#app/domain/score-import.ts";
import { weightedTotal } from "#app/domain/rubric.ts";
import { audit } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import { openRoundEntries } from "./judging.server.ts";
import type { Db } from "./db.server.ts";

export interface ImportOutcome {
  ok: boolean;
  errors: LineError[];
  imported: number;
}

/**
 * Imports paper score sheets for one round, all or nothing: every line is checked (entry in
 * the contest, a judge of the contest assigned to it in this round, values within the rubric,
 * no score already submitted) and every problem is reported with its line number; only a file
 * without a single problem is written, in one transaction, as submitted and audited scores.
 */
export async function importScores(db: Db, input: { contestSlug: string; roundPosition: number; csv: string; actorId: string | null }): Promise<ImportOutcome> {
  const fail = (message: string): ImportOutcome => ({ ok: false, errors: [{ line: 0, message }], imported: 0 });
  const contest = await db.contest.findUnique({ where: { slug: input.contestSlug } });
  if (!contest) return fail(`không có giải "${input.contestSlug}"`);
  const round = await db.round.findUnique({
    where: { contestId_position: { contestId: contest.id, position: input.roundPosition } },
    include: { criteria: { orderBy: { position: "asc" } } },
  });
  if (!round) return fail(`giải không có vòng ${input.roundPosition}`);
  if (round.status !== "OPEN") return fail(`vòng ${input.roundPosition} không mở để nhập điểm`);
  let records: string[][];
  const csv = input.csv.replace(/^\uFEFF/, "");
  // Spreadsheets set to Vietnamese save with ";" (the comma is their decimal separator).
  const header = csv.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = header.includes(";") && !header.includes(",") ? ";" : ",";
  try {
    records = parse(csv, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (err) {
    return fail(`không đọc được CSV: ${(err as Error).message}`);
  }
  const { rows, errors } = parseScoreSheet(records, round.criteria);
  const codes = [...new Set(rows.map((r) => r.entryCode))];
  const emails = [...new Set(rows.map((r) => r.judgeEmail))];
  const [entries, judges] = await Promise.all([
    db.entry.findMany({ where: { contestId: contest.id, code: { in: codes } }, select: { id: true, code: true, categoryId: true } }),
    db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, roleGrants: { where: { role: "JUDGE", contestId: contest.id } } } }),
  ]);
  const entryBy = new Map(entries.map((e) => [e.code!, e]));
  const judgeBy = new Map(judges.map((j) => [j.email, j]));
  const [assignments, scores] = await Promise.all([
    db.assignment.findMany({ where: { roundId: round.id, entryId: { in: entries.map((e) => e.id) } }, select: { entryId: true, judgeId: true } }),
    db.score.findMany({ where: { roundId: round.id, entryId: { in: entries.map((e) => e.id) } }, select: { entryId: true, judgeId: true, status: true } }),
  ]);
  const assigned = new Set(assignments.map((a) => `${a.entryId}|${a.judgeId}`));
  // A round open to the whole panel accepts any judge's sheet for an entry they may judge.
  if (!round.onlyAssignedEntries) {
    for (const j of judges.filter((x) => x.roleGrants.length > 0)) {
      for (const e of await openRoundEntries(db, j.id, round, entries.map((x) => x.id))) assigned.add(`${e.id}|${j.id}`);
    }
  }
  const submitted = new Set(scores.filter((s) => s.status === "SUBMITTED").map((s) => `${s.entryId}|${s.judgeId}`));
  for (const r of rows) {
    const e = entryBy.get(r.entryCode);
    const j = judgeBy.get(r.judgeEmail);
    if (r.entryCode && !e) errors.push({ line: r.line, message: `không có tác phẩm mã ${r.entryCode} trong giải` });
    if (!j) errors.push({ line: r.line, message: `không có tài khoản ${r.judgeEmail}` });
    else if (j.roleGrants.length === 0) errors.push({ line: r.line, message: `${r.judgeEmail} không phải giám khảo của giải` });
    if (e && j?.roleGrants.length) {
      const key = `${e.id}|${j.id}`;
      if (!assigned.has(key)) errors.push({ line: r.line, message: `${r.judgeEmail} không được phân công chấm ${r.entryCode} ở vòng ${round.position}` });
      if (submitted.has(key)) errors.push({ line: r.line, message: `${r.judgeEmail} đã nộp điểm cho ${r.entryCode}; cần mở lại phiếu trước khi nhập` });
    }
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line), imported: 0 };

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
          data: { ...key.roundId_entryId_judgeId, status: "SUBMITTED", comment: r.comment, submittedAt: t, weightedTotal: total, values: { create: round.criteria.map((c) => ({ criterionId: c.id, value: r.values[c.id]! })) } },
        });
        await audit(tx, {
          actorId: input.actorId, action: "score.import", targetType: "Score", targetId: score.id, contestId: contest.id, entryId,
          after: { roundId: round.id, judgeId, line: r.line, values: r.values, total },
        });
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ok: true, errors: [], imported: rows.length };
}

import { tieReason } from "#app/domain/stored-reasons.ts";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type ExcelJSModule from "exceljs";

// Loaded on the first spreadsheet, not at start (~30 MB of memory most processes never use).
const requireExcel = createRequire(import.meta.url);
const excel = () => requireExcel("exceljs") as typeof ExcelJSModule;
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import type { Db } from "../shared/db.server.ts";
import { judgeTotals } from "../organizer/rounds.server.ts";
import type { ContestResults } from "./results.server.ts";

/**
 * Spreadsheets for the organizers: the score matrix (entries × judges, one sheet per round),
 * the ranking and the payout list. Money cells are integer VND with a thousands format.
 */
const VND = '#,##0" ₫"';
const SCORE = "0.00";

function sheet(
  wb: ExcelJSModule.Workbook | ExcelJSModule.stream.xlsx.WorkbookWriter,
  name: string,
  columns: { header: string; key: string; width: number; numFmt?: string }[],
) {
  // Sheet names: at most 31 characters, none of []:*?/\
  // Views as an option: the streaming writer's worksheet cannot take them afterwards.
  const ws = wb.addWorksheet(name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** Headers and labels in the organizer's language (organizer.json → exports). */
const words = (locale: Locale) => getI18n(locale).getFixedT(locale, "organizer", "exports");

async function toBuffer(wb: ExcelJSModule.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A workbook written as its rows are committed (ExcelJS's streaming writer), for sheets as big as
 * the contest: the in-memory Workbook's cell objects of a 10,000 × 15 score matrix did not fit
 * the server's heap limit (APP_HEAP_MIB, measured with tests/bench/results.ts).
 */
function streamingWorkbook(): { wb: ExcelJSModule.stream.xlsx.WorkbookWriter; done(): Promise<Buffer> } {
  const out: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (b: Buffer) => out.push(b));
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true });
  return {
    wb,
    async done() {
      await wb.commit();
      return Buffer.concat(out);
    },
  };
}

export async function scoreMatrixXlsx(db: Db, contestId: string, locale: Locale = "vi"): Promise<Buffer> {
  const t = words(locale);
  const name = (x: { nameVi: string; nameEn: string }) => (locale === "en" && x.nameEn ? x.nameEn : x.nameVi);
  const { wb, done } = streamingWorkbook();
  wb.creator = "Giải Báo chí";
  const rounds = await db.round.findMany({ where: { contestId }, orderBy: { position: "asc" } });
  for (const round of rounds) {
    const totals = await judgeTotals(db, round.id);
    const judgeIds = [...new Set(totals.map((t) => t.judgeId))];
    const entryIds = [...new Set(totals.map((t) => t.entryId))];
    const [judges, entries, results] = await Promise.all([
      db.user.findMany({ where: { id: { in: judgeIds } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
      db.entry.findMany({
        where: { id: { in: entryIds } },
        select: { id: true, code: true, title: true, category: { select: { nameVi: true, nameEn: true } } },
        orderBy: { code: "asc" },
      }),
      db.roundResult.findMany({ where: { roundId: round.id } }),
    ]);
    const agg = new Map(results.map((r) => [r.entryId, r.aggregate]));
    const cell = new Map(totals.map((t) => [`${t.entryId}:${t.judgeId}`, t.total]));
    const ws = sheet(wb, name(round), [
      { header: t("matrix.code"), key: "code", width: 10 },
      { header: t("matrix.title"), key: "title", width: 40 },
      { header: t("matrix.category"), key: "category", width: 14 },
      ...judges.map((j, i) => ({ header: j.name, key: `j${i}`, width: 14, numFmt: SCORE })),
      { header: t("matrix.aggregate"), key: "aggregate", width: 14, numFmt: SCORE },
    ]);
    for (const e of entries) {
      const row: Record<string, string | number | null> = {
        code: e.code ?? "",
        title: e.title,
        category: name(e.category),
        aggregate: agg.get(e.id) ?? null,
      };
      judges.forEach((j, i) => (row[`j${i}`] = cell.get(`${e.id}:${j.id}`) ?? null));
      ws.addRow(row).commit();
    }
    ws.commit();
  }
  return done();
}

export async function rankingXlsx(results: ContestResults, locale: Locale = "vi"): Promise<Buffer> {
  const t = words(locale);
  // A tie decided by the contest's rule carries no words of a person: the rule is named.
  const awardReason = (a: { decision: string; reason: string }) => {
    const tr = tieReason({ ...a, rule: a.reason.trim() ? undefined : results.contest.tieBreakRule });
    return tr.rule ? getI18n(locale).t(`ruleName.${tr.rule}`, { ns: "results", defaultValue: tr.rule }) : tr.reason;
  };
  const wb = new (excel().Workbook)();
  for (const c of results.categories) {
    const tierName = new Map(c.tiers.map((t) => [t.id, t.name]));
    const award = new Map(c.allocation.awards.map((a) => [a.entryId, a]));
    const tied = new Set(c.allocation.conflicts.flatMap((x) => x.entryIds));
    const ws = sheet(wb, c.name, [
      { header: t("ranking.rank"), key: "rank", width: 7 },
      { header: t("ranking.code"), key: "code", width: 10 },
      { header: t("ranking.title"), key: "title", width: 40 },
      { header: t("ranking.outlet"), key: "outlet", width: 24 },
      { header: t("ranking.authors"), key: "authors", width: 36 },
      { header: t("ranking.judges"), key: "judges", width: 12 },
      { header: t("ranking.aggregate"), key: "aggregate", width: 10, numFmt: SCORE },
      { header: t("ranking.prize"), key: "prize", width: 18 },
      { header: t("ranking.amount"), key: "amount", width: 16, numFmt: VND },
      { header: t("ranking.decision"), key: "decision", width: 18 },
      { header: t("ranking.reason"), key: "reason", width: 36 },
    ]);
    for (const r of c.allocation.ranking) {
      const e = c.entries[r.entryId]!;
      const a = award.get(r.entryId);
      ws.addRow({
        rank: r.rank,
        code: e.code,
        title: e.title,
        outlet: e.outlet,
        authors: e.authors.map((x) => (x.penName ? `${x.fullName} (${x.penName})` : x.fullName)).join("; "),
        judges: e.judgeCount,
        aggregate: r.aggregate,
        prize: a ? tierName.get(a.tierId) : tied.has(r.entryId) ? t("ranking.tied") : "",
        amount: a?.amount ?? null,
        decision: a ? t(`decision.${a.decision}`) : "",
        reason: a ? awardReason(a) : "",
      });
    }
  }
  return toBuffer(wb);
}

export async function payoutsXlsx(results: ContestResults, locale: Locale = "vi"): Promise<Buffer> {
  const t = words(locale);
  const wb = new (excel().Workbook)();
  const ws = sheet(wb, t("sheets.payouts"), [
    { header: t("payouts.category"), key: "category", width: 14 },
    { header: t("payouts.prize"), key: "prize", width: 18 },
    { header: t("payouts.code"), key: "code", width: 10 },
    { header: t("payouts.title"), key: "title", width: 40 },
    { header: t("payouts.author"), key: "author", width: 26 },
    { header: t("payouts.penName"), key: "penName", width: 16 },
    { header: t("payouts.email"), key: "email", width: 26 },
    { header: t("payouts.share"), key: "share", width: 10, numFmt: "0.00" },
    { header: t("payouts.amount"), key: "amount", width: 16, numFmt: VND },
  ]);
  for (const c of results.categories) {
    const tierName = new Map(c.tiers.map((t) => [t.id, t.name]));
    for (const a of c.allocation.awards) {
      const e = c.entries[a.entryId]!;
      for (const line of c.payouts[a.entryId]!) {
        const au = e.authors.find((x) => x.id === line.authorId)!;
        ws.addRow({
          category: c.name,
          prize: tierName.get(a.tierId),
          code: e.code,
          title: e.title,
          author: au.fullName,
          penName: au.penName,
          email: au.email,
          share: au.shareBp / 100,
          amount: line.amount,
        });
      }
    }
    ws.addRow({ category: c.name, prize: t("payouts.categoryTotal"), amount: c.total }).font = { bold: true };
  }
  ws.addRow({ category: t("payouts.total"), amount: results.total }).font = { bold: true };
  return toBuffer(wb);
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awardDecisionPdf, certificatesPdf, minutesPdf } from "#app/server/results/pdf-docs.server.ts";
import { payoutsXlsx, rankingXlsx, scoreMatrixXlsx } from "#app/server/results/xlsx.server.ts";
import { authorCertificatePdf, certificateLinks } from "#app/server/journalist/certificates.server.ts";
import { computeResults, syncAwards, type ContestResults } from "#app/server/results/results.server.ts";
import { closeRound } from "#app/server/organizer/rounds.server.ts";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import {
  assign,
  makeContest,
  makeEntry,
  makeJudge,
  makeScore,
  makeUser,
  openRound,
  sheetFor,
} from "#tests/support/kit.ts";

const pdfText = (pdf: Buffer) => {
  const file = path.join(os.tmpdir(), `gbc-export-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", ["-enc", "UTF-8", "-raw", file, "-"])
      .toString()
      .replace(/[ \t\n]+/g, " ");
  } finally {
    if (process.env.KEEP_PDF) console.log(`kept ${file}`);
    else fs.rmSync(file);
  }
};

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer interface; Node's Buffer is what it reads.
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe(`exports on ${testEngine}`, () => {
  let t: TestDb;
  let results: ContestResults;
  let contestId: string;
  let winner: { id: string; submitterId: string };
  let other: { id: string; submitterId: string };

  beforeAll(async () => {
    setNow("2021-12-05T03:00:00Z");
    t = await createTestDb();
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print", "tv"], rounds: 1 });
    contestId = contest.id;
    const round = contest.rounds[0]!;
    const judges = [
      await makeJudge(t.db, contestId, { name: "Trần Thị Giám Khảo", agency: "Hội Nhà báo tỉnh" }),
      await makeJudge(t.db, contestId, { name: "Lê Văn Thẩm Định" }),
    ];
    const scores = [96, 90, 88, 87, 86, 80, 79, 78, 77, 76, 60];
    const entries = [];
    for (const i of scores.keys()) {
      const u = await makeUser(t.db);
      const e = await makeEntry(t.db, {
        contestId,
        categoryId: contest.category("print").id,
        submitterId: u.id,
        status: "ELIGIBLE",
        code: `BI-${String(i + 1).padStart(3, "0")}`,
        title: i === 0 ? "Hải Dương vượt khó giữa đại dịch" : `Bài dự thi số ${i + 1}`,
        outlet: "Báo Hải Dương",
        authors:
          i === 0
            ? [
                { fullName: "Nguyễn Thị Hồng", penName: "Hồng Nhung", shareBp: 3300 },
                { fullName: "Phạm Đức Ưng", shareBp: 3300 },
                { fullName: "Vũ Thị Ỷ", shareBp: 3400 },
              ]
            : [{ fullName: `Tác giả ${i + 1}`, shareBp: 10_000 }],
      });
      entries.push(e);
      await assign(
        t.db,
        round.id,
        [e.id],
        judges.map((j) => j.id),
      );
    }
    await openRound(t.db, round.id);
    for (const [i, s] of scores.entries()) {
      for (const j of judges)
        await makeScore(t.db, { roundId: round.id, entryId: entries[i]!.id, judgeId: j.id, values: sheetFor(s) });
    }
    await closeRound(t.db, { contestId, roundId: round.id, actorId: judges[0]!.id, acknowledgeFlags: true });
    // The date line's place is a contest setting (issue 12: "Hải Dương, ngày … tháng … năm …").
    await t.db.contest.update({ where: { id: contestId }, data: { documentPlace: "Hải Dương" } });
    results = await computeResults(t.db, contestId);
    winner = entries[0]!;
    other = entries[1]!;
  });
  afterAll(async () => {
    setNow(null);
    await t?.close();
  });

  it("awards the full print table: 90,000,000 VND, one category empty", () => {
    expect(results.categories.map((c) => c.total)).toEqual([90_000_000, 0]);
    expect(results.total).toBe(90_000_000);
  });

  it("writes the score matrix, ranking and payout list as spreadsheets that read back", async () => {
    const wb = await readXlsx(await scoreMatrixXlsx(t.db, contestId));
    const matrix = wb.worksheets[0]!;
    expect(matrix.getRow(1).values).toEqual([
      undefined,
      "Mã",
      "Tên tác phẩm",
      "Nhóm giải",
      "Lê Văn Thẩm Định",
      "Trần Thị Giám Khảo",
      "Điểm tổng hợp",
    ]);
    expect(matrix.getRow(2).values).toEqual([
      undefined,
      "BI-001",
      "Hải Dương vượt khó giữa đại dịch",
      "Báo in",
      96,
      96,
      96,
    ]);
    expect(matrix.rowCount).toBe(12);

    const ranking = await readXlsx(await rankingXlsx(results));
    const print = ranking.getWorksheet("Báo in")!;
    expect(print.getRow(2).getCell(5).value).toBe("Nguyễn Thị Hồng (Hồng Nhung); Phạm Đức Ưng; Vũ Thị Ỷ");
    expect(print.getRow(2).getCell(8).value).toBe("Giải Nhất");
    expect(print.getRow(12).getCell(8).value).toBe("");

    const payouts = await readXlsx(await payoutsXlsx(results));
    const rows = payouts.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.slice(0, 3).map((r) => r[9])).toEqual([9_900_000, 9_900_000, 10_200_000]);
    expect(rows.at(-1)![1]).toBe("TỔNG CỘNG");
    expect(rows.at(-1)![9]).toBe(90_000_000);
  });

  // Issue 12: an English-speaking organizer gets English headers and labels, never codes.
  it("writes the score matrix, ranking and payout list in English for an English reader", async () => {
    const matrix = (await readXlsx(await scoreMatrixXlsx(t.db, contestId, "en"))).worksheets[0]!;
    expect(matrix.getRow(1).values).toEqual([
      undefined,
      "Code",
      "Title",
      "Category",
      "Lê Văn Thẩm Định",
      "Trần Thị Giám Khảo",
      "Aggregate score",
    ]);
    const enResults = await computeResults(t.db, contestId, "en");
    const ranking = (await readXlsx(await rankingXlsx(enResults, "en"))).worksheets[0]!;
    expect((ranking.getRow(1).values as string[]).slice(1, 4)).toEqual(["Rank", "Code", "Title"]);
    expect(ranking.getRow(2).getCell(10).value).toBe("Scores");
    const payouts = await readXlsx(await payoutsXlsx(enResults, "en"));
    expect(payouts.worksheets[0]!.name).toBe("Payouts");
    const rows = payouts.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.at(-1)![1]).toBe("GRAND TOTAL");
  });

  it("renders the award decision, the minutes and certificates in Vietnamese with every diacritic", async () => {
    const decision = pdfText(await awardDecisionPdf(results));
    expect(decision).toContain("QUYẾT ĐỊNH");
    expect(decision).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(decision).toContain("Hải Dương, ngày 05 tháng 12 năm 2021");
    expect(decision).toContain("Hải Dương vượt khó giữa đại dịch");
    expect(decision).toContain("Phạm Đức Ưng");
    expect(decision).toContain("90.000.000 ₫");

    const minutes = pdfText(await minutesPdf(t.db, results));
    expect(minutes).toContain("BIÊN BẢN HỌP HỘI ĐỒNG GIÁM KHẢO");
    expect(minutes).toContain("Trần Thị Giám Khảo – Hội Nhà báo tỉnh");
    expect(minutes).toContain("Không có trường hợp đồng điểm");
    expect(minutes).toContain("Giải không trao: Báo hình");

    const certificates = await certificatesPdf(results);
    const text = pdfText(certificates!);
    expect(text).toContain("GIẤY CHỨNG NHẬN");
    expect(text).toContain("Giải Nhất – Báo in");
    expect(text).toContain("Hải Dương, ngày 05 tháng 12 năm 2021");
    // One page per author: the first prize has three authors, the nine other winners one each.
    expect(text.split("\f").filter((p) => p.includes("GIẤY CHỨNG NHẬN"))).toHaveLength(12);
    expect(await certificatesPdf(results, "no-such-entry")).toBeNull();
  });

  it("gives each author of a winning entry their own certificate, to an author of the entry once results are published", async () => {
    const authors = await t.db.entryAuthor.findMany({ where: { entryId: winner.id }, orderBy: { position: "asc" } });
    const second = authors[1]!;
    const status = async (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (r: unknown) => (r instanceof Response ? r.status : 500),
      );
    // Before publication: nothing to download, not even for the submitter.
    await syncAwards(t.db, contestId);
    expect(await certificateLinks(t.db, winner.submitterId, winner.id)).toEqual([]);
    expect(await status(authorCertificatePdf(t.db, winner.submitterId, winner.id, second.id))).toBe(404);

    await t.db.contest.update({ where: { id: contestId }, data: { phase: "PUBLISHED" } });
    expect((await certificateLinks(t.db, winner.submitterId, winner.id)).map((l) => l.name)).toEqual([
      "Nguyễn Thị Hồng (Hồng Nhung)",
      "Phạm Đức Ưng",
      "Vũ Thị Ỷ",
    ]);
    const { pdf, position } = await authorCertificatePdf(t.db, winner.submitterId, winner.id, second.id);
    expect(position).toBe(2);
    const text = pdfText(pdf);
    expect(text.split("\f").filter((p) => p.includes("GIẤY CHỨNG NHẬN"))).toHaveLength(1);
    expect(text).toContain("Chứng nhận tác giả Phạm Đức Ưng");
    expect(text).toContain("Đồng tác giả: Nguyễn Thị Hồng (Hồng Nhung), Vũ Thị Ỷ");
    expect(text).toContain("Giải Nhất – Báo in");

    // Another winner's submitter is no author of this entry; an author id of another entry is refused too.
    expect(await certificateLinks(t.db, other.submitterId, winner.id)).toEqual([]);
    expect(await status(authorCertificatePdf(t.db, other.submitterId, winner.id, second.id))).toBe(404);
    const otherAuthor = await t.db.entryAuthor.findFirstOrThrow({ where: { entryId: other.id } });
    expect(await status(authorCertificatePdf(t.db, winner.submitterId, winner.id, otherAuthor.id))).toBe(404);
  });
});

import { tieReason } from "#app/domain/stored-reasons.ts";
import { getI18n } from "#app/i18n/i18n.ts";
import { formatVnd } from "#app/domain/money.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import { documentDateLine } from "#app/domain/text.ts";
import { createPdf, pdfToBuffer, wrappedText, type Pdf } from "../shared/pdf.server.ts";
import { sentence } from "../shared/pdf-wrap.server.ts";
import type { ContestResults } from "./results.server.ts";
import { drawTable, vietnameseLongDate } from "../shared/pdf-table.server.ts";

/**
 * The award decision (Quyết định trao giải), the judging minutes (Biên bản họp Hội đồng giám
 * khảo) and winners' certificates, in Vietnamese administrative layout, with the embedded
 * DejaVu fonts so every diacritic renders.
 */
const authorsOf = (e: ContestResults["categories"][number]["entries"][string]) =>
  e.authors.map((a) => (a.penName ? `${a.fullName} (${a.penName})` : a.fullName)).join(", ");

/** "Hải Dương, ngày 05 tháng 12 năm 2021" in the contest's zone: the place is a contest setting. */
const dateLine = (results: ContestResults) =>
  documentDateLine(results.contest.place, vietnameseLongDate(now(), results.contest.timeZone));

function letterhead(doc: Pdf, organizer: string, line: string) {
  const top = doc.y;
  const w = (doc.page.width - doc.page.margins.left - doc.page.margins.right) / 2;
  const left = doc.page.margins.left;
  doc
    .font("bold")
    .fontSize(10)
    .text(organizer.toUpperCase(), left, top, { width: w - 10, align: "center" });
  doc.font("bold").text("BAN TỔ CHỨC GIẢI", { width: w - 10, align: "center" });
  const leftBottom = doc.y;
  doc.font("bold").text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left + w, top, { width: w, align: "center" });
  doc.font("bold").text("Độc lập - Tự do - Hạnh phúc", { width: w, align: "center", underline: true });
  doc.font("italic").fontSize(10).text(line, { width: w, align: "center" });
  doc.x = left;
  doc.y = Math.max(doc.y, leftBottom) + 16;
  doc.font("body").fontSize(11);
}

function prizeRows(results: ContestResults) {
  return results.categories.flatMap((c) => {
    const tierName = new Map(c.tiers.map((t) => [t.id, t.name]));
    return c.allocation.awards.map((a) => {
      const e = c.entries[a.entryId]!;
      return [c.name, tierName.get(a.tierId)!, `${e.code}\n${e.title}`, authorsOf(e), e.outlet, formatVnd(a.amount)];
    });
  });
}

const PRIZE_COLUMNS = [
  { header: "Nhóm giải", width: 56 },
  { header: "Giải", width: 58 },
  { header: "Tác phẩm", width: 124 },
  { header: "Tác giả", width: 98 },
  { header: "Cơ quan/kênh", width: 64 },
  { header: "Tiền thưởng", width: 75, align: "right" as const },
];

export async function awardDecisionPdf(results: ContestResults): Promise<Buffer> {
  const doc = createPdf({ title: `Quyết định trao giải – ${results.contest.name}` });
  letterhead(doc, results.contest.organizerName, dateLine(results));
  doc.font("body").fontSize(10).text("Số: ……/QĐ-BTC");
  doc.moveDown();
  doc.font("bold").fontSize(14).text("QUYẾT ĐỊNH", { align: "center" });
  doc.font("bold").fontSize(11).text(`Về việc trao ${results.contest.name}`, { align: "center" });
  doc.moveDown();
  doc.font("bold").text("BAN TỔ CHỨC GIẢI", { align: "center" });
  doc.moveDown(0.5);
  doc.font("italic").text("Căn cứ Thể lệ giải đã ban hành;");
  doc.text("Căn cứ Biên bản họp Hội đồng giám khảo và kết quả chấm chung khảo;");
  doc.text("Xét đề nghị của Hội đồng giám khảo,");
  doc.moveDown(0.5);
  doc.font("bold").text("QUYẾT ĐỊNH:", { align: "center" });
  doc.moveDown(0.5);
  doc.font("bold").text("Điều 1. ", { continued: true }).font("body").text("Trao giải cho các tác phẩm sau:");
  doc.moveDown(0.3);
  drawTable(doc, PRIZE_COLUMNS, prizeRows(results));
  doc
    .font("bold")
    .text("Điều 2. ", { continued: true })
    .font("body")
    .text(
      `Tổng giá trị giải thưởng: ${formatVnd(results.total)} (${results.categories.map((c) => `${c.name}: ${formatVnd(c.total)}`).join("; ")}). Tiền thưởng của tác phẩm nhiều tác giả được chia theo tỷ lệ các tác giả đã khai.`,
    );
  doc.moveDown(0.3);
  doc
    .font("bold")
    .text("Điều 3. ", { continued: true })
    .font("body")
    .text(
      "Quyết định có hiệu lực kể từ ngày ký. Hội đồng giám khảo, các tác giả có tên tại Điều 1 và các bộ phận liên quan chịu trách nhiệm thi hành Quyết định này.",
    );
  doc.moveDown(2);
  doc.font("bold").text("TM. BAN TỔ CHỨC", { align: "right" });
  doc.font("italic").text("(Ký, ghi rõ họ tên)", { align: "right" });
  return pdfToBuffer(doc);
}

export async function minutesPdf(db: Db, results: ContestResults): Promise<Buffer> {
  const contestId = results.contest.id;
  const [judges, rounds, ties] = await Promise.all([
    db.user.findMany({
      where: { roleGrants: { some: { role: "JUDGE", contestId } } },
      select: { name: true, profile: { select: { agency: true } } },
      orderBy: { name: "asc" },
    }),
    db.round.findMany({
      where: { contestId },
      orderBy: { position: "asc" },
      include: { _count: { select: { results: true, scores: { where: { status: "SUBMITTED" } } } } },
    }),
    db.auditEvent.findMany({
      where: { contestId, action: "tie.resolve" },
      orderBy: { id: "asc" },
      include: { actor: { select: { name: true } } },
    }),
  ]);
  const doc = createPdf({ title: `Biên bản họp Hội đồng giám khảo – ${results.contest.name}` });
  letterhead(doc, results.contest.organizerName, dateLine(results));
  doc.font("bold").fontSize(14).text("BIÊN BẢN HỌP HỘI ĐỒNG GIÁM KHẢO", { align: "center" });
  doc.font("bold").fontSize(11).text(results.contest.name, { align: "center" });
  doc.moveDown();
  doc.font("bold").text("I. Thành phần Hội đồng giám khảo");
  doc.font("body");
  judges.forEach((j, i) => doc.text(`${i + 1}. ${j.name}${j.profile?.agency ? ` – ${j.profile.agency}` : ""}`));
  doc.moveDown(0.5);
  doc.font("bold").text("II. Các vòng chấm");
  const method = { MEAN: "điểm trung bình", TRIMMED_MEAN: "trung bình cắt", MEDIAN: "trung vị" } as const;
  for (const r of rounds) {
    doc
      .font("body")
      .text(
        `- ${r.nameVi}: ${r._count.results} tác phẩm, ${r._count.scores} phiếu chấm đã nộp; tổng hợp theo ${method[r.aggregation]}${r.aggregation === "TRIMMED_MEAN" ? ` ${r.trimPercent}%` : ""}${r.normalizeZScores ? ", chuẩn hoá z-score theo giám khảo" : ""}; tối thiểu ${r.minJudgesPerEntry} giám khảo/tác phẩm; ${r.status === "CLOSED" ? "đã đóng" : "chưa đóng"}.`,
      );
  }
  doc.moveDown(0.5);
  doc.font("bold").text("III. Xử lý các trường hợp đồng điểm");
  if (ties.length === 0) doc.font("body").text("Không có trường hợp đồng điểm ở ranh giới giữa các giải.");
  const vi = getI18n("vi");
  for (const t of ties) {
    const a = t.after as { categoryId: string; order: string[][]; decision: string; reason: string; rule?: string };
    // The minutes are an official Vietnamese document: the rule is named in Vietnamese.
    const tr = tieReason(a);
    const why = tr.rule ? vi.t(`results:ruleName.${tr.rule}`, { defaultValue: tr.rule }) : tr.reason;
    const cat = results.categories.find((c) => c.id === a.categoryId);
    const codes = a.order.map((g) => g.map((id) => cat?.entries[id]?.code ?? id).join(" = ")).join(" > ");
    doc.font("body");
    wrappedText(
      doc,
      `- ${cat?.name ?? ""}: thứ tự ${codes} (${a.decision === "MANUAL" ? "Hội đồng quyết định" : "theo quy tắc phụ của giải"}). Lý do: ${sentence(why)} Người ghi: ${t.actor?.name ?? "—"}.`,
    );
  }
  doc.moveDown(0.5);
  doc.font("bold").text("IV. Kết quả đề nghị trao giải");
  doc.moveDown(0.3);
  drawTable(doc, PRIZE_COLUMNS, prizeRows(results));
  const unawarded = results.categories.flatMap((c) =>
    c.allocation.unawarded.map((u) => `${c.name}: ${u.count} ${c.tiers.find((t) => t.id === u.tierId)?.name ?? ""}`),
  );
  doc
    .font("body")
    .text(unawarded.length ? `Giải không trao: ${unawarded.join("; ")}.` : "Trao đủ các giải theo Thể lệ.");
  doc.text(`Tổng giá trị giải thưởng: ${formatVnd(results.total)}.`);
  doc.moveDown(2);
  doc.font("bold").text("THƯ KÝ HỘI ĐỒNG", doc.page.margins.left, doc.y, { continued: false });
  doc.moveUp();
  doc.font("bold").text("CHỦ TỊCH HỘI ĐỒNG", { align: "right" });
  return pdfToBuffer(doc);
}

/** Which certificates to print: all, one entry's (every author), or one author's of one entry. */
export type CertificateFilter = { entryId?: string; authorId?: string };

const authorName = (a: { fullName: string; penName: string }) =>
  a.penName ? `${a.fullName} (${a.penName})` : a.fullName;

/**
 * One landscape page per author of each winning entry, co-authors included: each author keeps
 * a certificate of their own. `filter` narrows to one entry, or to one author of it.
 */
export async function certificatesPdf(
  results: ContestResults,
  filter: string | CertificateFilter = {},
): Promise<Buffer | null> {
  const { entryId, authorId } = typeof filter === "string" ? { entryId: filter, authorId: undefined } : filter;
  const pages = results.categories.flatMap((c) =>
    c.allocation.awards
      .filter((a) => !entryId || a.entryId === entryId)
      .flatMap((a) => {
        const e = c.entries[a.entryId]!;
        return e.authors.filter((au) => !authorId || au.id === authorId).map((author) => ({ c, a, e, author }));
      }),
  );
  if (pages.length === 0) return null;
  const doc = createPdf({ title: `Giấy chứng nhận – ${results.contest.name}`, layout: "landscape" });
  pages.forEach(({ c, a, e, author }, i) => {
    if (i > 0) doc.addPage();
    const { width, height } = doc.page;
    doc
      .rect(28, 28, width - 56, height - 56)
      .lineWidth(3)
      .stroke("#b3261e");
    doc
      .rect(36, 36, width - 72, height - 72)
      .lineWidth(0.8)
      .stroke("#b3261e");
    doc.y = 70;
    doc.font("serif-bold").fontSize(12).text(results.contest.organizerName.toUpperCase(), { align: "center" });
    doc.moveDown(1.2);
    doc.font("serif-bold").fontSize(34).fillColor("#b3261e").text("GIẤY CHỨNG NHẬN", { align: "center" });
    doc.fillColor("#000000").moveDown(0.6);
    doc.font("serif").fontSize(14).text(results.contest.name, { align: "center" });
    doc.moveDown(1);
    doc.font("serif").fontSize(13).text("Chứng nhận tác giả", { align: "center" });
    doc.font("serif-bold").fontSize(22).text(authorName(author), { align: "center" });
    doc.moveDown(0.5);
    doc.font("serif").fontSize(13).text(`với tác phẩm «${e.title}» (${e.outlet})`, { align: "center" });
    const others = e.authors.filter((x) => x.id !== author.id);
    if (others.length)
      doc
        .font("serif")
        .fontSize(11)
        .text(`Đồng tác giả: ${others.map(authorName).join(", ")}`, { align: "center" });
    doc.moveDown(0.5);
    doc
      .font("serif-bold")
      .fontSize(22)
      .fillColor("#b3261e")
      .text(`${c.tiers.find((t) => t.id === a.tierId)?.name ?? ""} – ${c.name}`, { align: "center" });
    doc.fillColor("#000000").moveDown(1.5);
    doc.font("serif").fontSize(12).text(dateLine(results), { align: "right" });
    doc.font("serif-bold").text("TM. BAN TỔ CHỨC", { align: "right" });
  });
  return pdfToBuffer(doc);
}

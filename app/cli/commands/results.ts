import { parseArgs } from "node:util";
import { formatVnd } from "#app/domain/money.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { computeResults } from "#app/server/results/results.server.ts";
import { resultsView } from "#app/server/results/results-view.server.ts";

const USAGE = "Usage: npm run award -- results --contest <slug> [--json]";

/** The computed ranking, allocation, ties and payouts, also before publication. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { contest: { type: "string" }, json: { type: "boolean", default: false } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const slug = parsed.values.contest;
  if (!slug) {
    console.error(USAGE);
    return 2;
  }
  const db = await getDb();
  const contest = await db.contest.findUnique({ where: { slug }, select: { id: true } });
  if (!contest) {
    console.error(`Không có giải "${slug}".`);
    return 1;
  }
  // JSON carries the whole ranking; the text view shows the prize zone and a few more.
  const view = resultsView(await computeResults(db, contest.id, "vi"), parsed.values.json ? Number.POSITIVE_INFINITY : 10);
  if (parsed.values.json) {
    console.log(JSON.stringify(view, null, 2));
    return 0;
  }
  const score = (n: number | null) => (n === null ? "–" : n.toFixed(2));
  console.log(`${view.contest.name}\nGiai đoạn: ${view.contest.phase} · vòng xét giải: ${view.finalRound?.name ?? "—"} (${view.finalRound?.status ?? "—"})`);
  if (view.finalRound?.status !== "CLOSED") console.log("(Vòng chung khảo chưa đóng: kết quả tạm tính.)");
  for (const c of view.categories) {
    console.log(`\n== ${c.name} (${c.rankedCount} tác phẩm) ==`);
    for (const r of c.rows) {
      const prize = r.prize ? `${r.prize}${r.decision !== "COMPUTED" ? ` [${r.decision}]` : ""} ${formatVnd(r.amount!)}` : r.inTie ? "ĐỒNG ĐIỂM – cần xử lý" : "";
      console.log(`${String(r.rank ?? "–").padStart(4)}  ${r.code.padEnd(8)} ${score(r.aggregate).padStart(7)}  ${r.judgeCount} GK${r.tooFewJudges ? "!" : " "}  ${r.title.slice(0, 48).padEnd(48)}  ${prize}`);
    }
    for (const t of c.ties) {
      console.log(`  Đồng điểm ${t.aggregate.toFixed(2)}: ${t.members.map((m) => m.code).join(", ")} — ${t.resolution ? `đã xử lý (${t.resolution.decision}): ${t.resolution.reason}` : "CHƯA XỬ LÝ"}`);
    }
    for (const u of c.pending) console.log(`  Chờ xử lý đồng điểm: ${u.count} × ${u.tier}`);
    for (const u of c.unawarded) console.log(`  Không trao: ${u.count} × ${u.tier}`);
    for (const p of c.payouts) {
      for (const l of p.lines) console.log(`  Chi trả ${p.code} ${p.prize}: ${l.author}${l.penName ? ` (${l.penName})` : ""} ${(l.shareBp / 100).toFixed(2)}% → ${formatVnd(l.amount)}`);
    }
    console.log(`  Cộng nhóm giải: ${formatVnd(c.total)}`);
  }
  console.log(`\nTổng tiền thưởng: ${formatVnd(view.total)}${view.unresolvedTies ? ` · còn ${view.unresolvedTies} trường hợp đồng điểm chưa xử lý` : ""}`);
  return 0;
}

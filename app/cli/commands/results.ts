import { parseArgs } from "node:util";
import { formatVnd } from "#app/domain/money.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { computeResults } from "#app/server/results/results.server.ts";
import { resultsView } from "#app/server/results/results-view.server.ts";
import { cliI18n } from "../i18n.ts";

/** The computed ranking, allocation, ties and payouts, also before publication. */
export async function run(argv: string[]): Promise<number> {
  const { t, locale, args } = cliI18n(argv);
  const USAGE = t("results.usage");
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
    console.error(t("noContest", { slug }));
    return 1;
  }
  // JSON carries the whole ranking; the text view shows the prize zone and a few more.
  const view = resultsView(
    await computeResults(db, contest.id, locale),
    parsed.values.json ? Number.POSITIVE_INFINITY : 10,
  );
  if (parsed.values.json) {
    console.log(JSON.stringify(view, null, 2));
    return 0;
  }
  const score = (n: number | null) => (n === null ? "–" : n.toFixed(2));
  const decision = (d: string) => t(`results:decision.${d}`, { defaultValue: d });
  const round = view.finalRound;
  console.log(
    `${view.contest.name}\n${t("results.phaseLine", { phase: t(`organizer:phase.${view.contest.phase}`), round: round?.name ?? "—", status: round ? t(`results:roundStatus.${round.status}`) : "—" })}`,
  );
  if (round?.status !== "CLOSED") console.log(t("results.provisional"));
  for (const c of view.categories) {
    console.log(`\n${t("results.category", { name: c.name, count: c.rankedCount })}`);
    for (const r of c.rows) {
      const prize = r.prize
        ? `${r.prize}${r.decision !== "COMPUTED" ? ` [${decision(r.decision!)}]` : ""} ${formatVnd(r.amount!, locale)}`
        : r.inTie
          ? t("results.tieNeedsResolution")
          : "";
      console.log(
        `${String(r.rank ?? "–").padStart(4)}  ${r.code.padEnd(8)} ${score(r.aggregate).padStart(7)}  ${r.judgeCount} ${t("results.judgesShort")}${r.tooFewJudges ? "!" : " "}  ${r.title.slice(0, 48).padEnd(48)}  ${prize}`,
      );
    }
    for (const tie of c.ties) {
      const state = tie.resolution
        ? t("results.tieResolved", {
            decision: decision(tie.resolution.decision),
            reason: tie.resolution.rule
              ? t(`results:ruleName.${tie.resolution.rule}`, { defaultValue: tie.resolution.rule })
              : tie.resolution.reason,
          })
        : t("results.tieUnresolved");
      console.log(
        t("results.tie", { score: tie.aggregate.toFixed(2), codes: tie.members.map((m) => m.code).join(", "), state }),
      );
    }
    for (const u of c.pending) console.log(t("results.pending", { count: u.count, tier: u.tier }));
    for (const u of c.unawarded) console.log(t("results.unawarded", { count: u.count, tier: u.tier }));
    for (const p of c.payouts) {
      for (const l of p.lines) {
        const author = l.penName ? `${l.author} (${l.penName})` : l.author;
        console.log(
          t("results.payout", {
            code: p.code,
            prize: p.prize,
            author,
            share: (l.shareBp / 100).toFixed(2),
            amount: formatVnd(l.amount, locale),
          }),
        );
      }
    }
    console.log(t("results.categoryTotal", { amount: formatVnd(c.total, locale) }));
  }
  console.log(
    `\n${t("results.total", { amount: formatVnd(view.total, locale) })}${view.unresolvedTies ? t("results.unresolvedTies", { count: view.unresolvedTies }) : ""}`,
  );
  return 0;
}

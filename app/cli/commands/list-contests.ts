import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { getDb } from "#app/server/shared/db.server.ts";

export async function run(_args: string[]): Promise<number> {
  const db = await getDb();
  const contests = await db.contest.findMany({
    orderBy: { submissionDeadline: "desc" },
    include: { _count: { select: { entries: true } } },
  });
  if (contests.length === 0) {
    console.log("Chưa có giải nào.");
    return 0;
  }
  for (const c of contests) {
    console.log(
      `${c.slug.padEnd(24)} ${c.phase.padEnd(15)} hạn ${formatIsoDate(toIsoDate(c.submissionDeadline))}  ${String(c._count.entries).padStart(5)} tác phẩm  ${c.nameVi}`,
    );
  }
  return 0;
}

import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { cliI18n } from "../i18n.ts";

export async function run(argv: string[]): Promise<number> {
  const { t, locale } = cliI18n(argv);
  const db = await getDb();
  const contests = await db.contest.findMany({
    orderBy: { submissionDeadline: "desc" },
    include: { _count: { select: { entries: true } } },
  });
  if (contests.length === 0) {
    console.log(t("listContests.none"));
    return 0;
  }
  for (const c of contests) {
    console.log(
      `${c.slug.padEnd(24)} ${t(`organizer:phase.${c.phase}`).padEnd(20)} ${t("listContests.deadline", { date: formatIsoDate(toIsoDate(c.submissionDeadline)) })}  ${t("listContests.entries", { n: String(c._count.entries).padStart(5) })}  ${pickLocale(locale, c.nameVi, c.nameEn)}`,
    );
  }
  return 0;
}

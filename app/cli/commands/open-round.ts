/**
 * npm run award -- open-round --contest <slug> --round <n> [--as <organizer e-mail>]
 * Opens a round through the same service as the organizer's "Mở vòng chấm" button: the same
 * refusals, the audit event and the judges' mails. Prints the checklist first.
 */
import { parseArgs } from "node:util";
import { getDb } from "#app/server/shared/db.server.ts";
import { organizerActor } from "../actor.ts";
import { DomainError } from "#app/server/shared/errors.server.ts";
import { openChecklist, openRound } from "#app/server/organizer/rounds.server.ts";
import { refusalText } from "#app/server/shared/refusals.server.ts";
import { pickLocale } from "#app/domain/text.ts";
import { cliI18n } from "../i18n.ts";

export async function run(argv: string[]): Promise<number> {
  const { t, locale, args } = cliI18n(argv);
  const USAGE = t("openRound.usage");
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { contest: { type: "string" }, round: { type: "string" }, as: { type: "string" } },
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const position = Number(values.round);
  if (!values.contest || !Number.isInteger(position) || position < 1 || position > 20) {
    console.error(USAGE);
    return 2;
  }
  const db = await getDb();
  const contest = await db.contest.findUnique({ where: { slug: values.contest } });
  if (!contest) {
    console.error(t("noContest", { slug: values.contest }));
    return 2;
  }
  const round = await db.round.findUnique({ where: { contestId_position: { contestId: contest.id, position } } });
  if (!round) {
    console.error(t("openRound.noRound", { n: position }));
    return 2;
  }
  // Recorded in the audit log as who opened the round: an organizer of the contest or an admin.
  const actor = await organizerActor(db, contest.id, values.as, t);
  if (!actor) return 2;
  const c = await openChecklist(db, round.id);
  const list = (items: string[]) => (items.length ? ` (${items.join(", ")})` : "");
  console.log(t("openRound.heading", { name: pickLocale(locale, round.nameVi, round.nameEn), n: position }));
  console.log(t("openRound.entries", { count: c.entries }));
  console.log(t("openRound.judges", { count: c.judges }));
  console.log(t("openRound.assignments", { count: c.assignments }));
  console.log(
    t("openRound.underStaffed", { min: c.minJudges, count: c.underStaffed.length }) +
      list(c.underStaffed.map((e) => e.code)),
  );
  console.log(t("openRound.idleJudges", { count: c.idleJudges.length }) + list(c.idleJudges));
  console.log(t("openRound.deadline", { date: c.deadline ?? t("openRound.deadlineUnset") }));
  try {
    const { judgesNotified } = await openRound(db, { contestId: contest.id, roundId: round.id, actorId: actor.id });
    console.log(t("openRound.opened", { n: position, count: judgesNotified }));
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(t("openRound.failed", { n: position, reason: refusalText(err, locale) }));
      return 1;
    }
    throw err;
  }
}

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

const USAGE = "Cách dùng: npm run award -- open-round --contest <slug> --round <n> [--as <email ban tổ chức>]";

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { contest: { type: "string" }, round: { type: "string" }, as: { type: "string" } }, allowPositionals: false }));
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
    console.error(`Không có giải "${values.contest}".`);
    return 2;
  }
  const round = await db.round.findUnique({ where: { contestId_position: { contestId: contest.id, position } } });
  if (!round) {
    console.error(`Giải không có vòng ${position}.`);
    return 2;
  }
  // Recorded in the audit log as who opened the round: an organizer of the contest or an admin.
  const actor = await organizerActor(db, contest.id, values.as);
  if (!actor) return 2;
  const c = await openChecklist(db, round.id);
  console.log(`${round.nameVi} (vòng ${position}):`);
  console.log(`  tác phẩm hợp lệ trong vòng: ${c.entries}`);
  console.log(`  giám khảo của vòng: ${c.judges}`);
  console.log(`  lượt phân công: ${c.assignments}`);
  console.log(`  tác phẩm có ít hơn ${c.minJudges} giám khảo: ${c.underStaffed.length}${c.underStaffed.length ? ` (${c.underStaffed.map((e) => e.code).join(", ")})` : ""}`);
  console.log(`  giám khảo chưa được phân công: ${c.idleJudges.length}${c.idleJudges.length ? ` (${c.idleJudges.join(", ")})` : ""}`);
  console.log(`  hạn nộp phiếu chấm: ${c.deadline ?? "chưa đặt"}`);
  try {
    const { judgesNotified } = await openRound(db, { contestId: contest.id, roundId: round.id, actorId: actor.id });
    console.log(`Đã mở vòng ${position}; đã gửi thư cho ${judgesNotified} giám khảo.`);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(`Không mở được vòng ${position}: ${refusalText(err, "vi")}`);
      return 1;
    }
    throw err;
  }
}

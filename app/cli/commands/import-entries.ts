/**
 * npm run award -- import-entries --contest <slug> [--as <organizer e-mail>] <file.csv>
 * Registers mailed entries from a CSV (format in README). The whole file is checked first;
 * every bad row is printed with its line number and nothing is imported if any row is bad.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDb } from "#app/server/shared/db.server.ts";
import { organizerActor } from "../actor.ts";
import { importMailedCsv } from "#app/server/organizer/mailed.server.ts";
import { csvErrorText } from "#app/server/organizer/messages.server.ts";
import { cliI18n } from "../i18n.ts";

export async function run(argv: string[]): Promise<number> {
  const { t, locale, args } = cliI18n(argv);
  const { values, positionals } = parseArgs({
    args,
    options: { contest: { type: "string" }, as: { type: "string" } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!values.contest || !file) {
    console.error(t("importEntries.usage"));
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(t("fileNotFound", { file }));
    return 2;
  }
  const db = await getDb();
  const contest = await db.contest.findUnique({ where: { slug: values.contest } });
  if (!contest) {
    console.error(t("noContest", { slug: values.contest }));
    return 2;
  }
  // The registrar recorded on each entry and in the audit log: an organizer of the contest or an admin.
  const actor = await organizerActor(db, contest.id, values.as, t);
  if (!actor) return 2;
  const result = await importMailedCsv(db, contest, fs.readFileSync(file, "utf8"), actor.id);
  if (!result.ok) {
    console.error(t("importEntries.errors", { count: result.errors.length }));
    for (const e of result.errors) console.error(t("line", { line: e.line, text: csvErrorText(e, locale) }));
    return 1;
  }
  console.log(
    t("importEntries.imported", { count: result.created.length, codes: result.created.map((c) => c.code).join(", ") }),
  );
  return 0;
}

import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDb } from "#app/server/shared/db.server.ts";
import { importScores, scoreImportErrorText } from "#app/server/judging/score-import.server.ts";
import { cliI18n } from "../i18n.ts";

export async function run(argv: string[]): Promise<number> {
  const { t, locale, args } = cliI18n(argv);
  const USAGE = t("importScores.usage");
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { contest: { type: "string" }, round: { type: "string" } },
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { contest, round } = parsed.values;
  const file = parsed.positionals[0];
  const position = Number(round);
  if (!contest || !file || !Number.isInteger(position) || position < 1 || parsed.positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(t("fileNotFound", { file }));
    return 2;
  }
  const outcome = await importScores(await getDb(), {
    contestSlug: contest,
    roundPosition: position,
    csv: fs.readFileSync(file, "utf8"),
    actorId: null,
  });
  if (!outcome.ok) {
    console.error(t("importScores.errors", { count: outcome.errors.length, file }));
    for (const e of outcome.errors) {
      const text = scoreImportErrorText(e, locale);
      console.error(e.line > 0 ? t("line", { line: e.line, text }) : `  ${text}`);
    }
    return 1;
  }
  console.log(t("importScores.imported", { count: outcome.imported, n: position, contest }));
  return 0;
}

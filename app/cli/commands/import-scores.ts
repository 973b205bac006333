import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDb } from "#app/server/shared/db.server.ts";
import { importScores } from "#app/server/judging/score-import.server.ts";

const USAGE = `Usage: npm run award -- import-scores --contest <slug> --round <n> <file.csv>

CSV header: entry_code,judge_email,c1,c2,…,cN[,comment]   (cK = criterion at position K)
Every line is checked first; if any line is wrong nothing is imported and each problem is
listed with its line number.`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { contest: { type: "string" }, round: { type: "string" } }, allowPositionals: true });
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
    console.error(`Không tìm thấy tệp ${file}`);
    return 2;
  }
  const outcome = await importScores(await getDb(), { contestSlug: contest, roundPosition: position, csv: fs.readFileSync(file, "utf8"), actorId: null });
  if (!outcome.ok) {
    console.error(`Không nhập phiếu nào: ${outcome.errors.length} lỗi trong ${file}.`);
    for (const e of outcome.errors) console.error(e.line > 0 ? `  dòng ${e.line}: ${e.message}` : `  ${e.message}`);
    return 1;
  }
  console.log(`Đã nhập ${outcome.imported} phiếu chấm vào vòng ${position} của ${contest}.`);
  return 0;
}

/**
 * The organizer's command line: `npm run award -- <command> [options]`.
 * Each command lives in app/cli/commands/<name>.ts and exports `run(args): Promise<number>`.
 * Commands open the database themselves; with the embedded PGlite that works only while the
 * server is stopped (the data directory is locked), with PostgreSQL at any time.
 */
import { closeDb } from "#app/server/shared/db.server.ts";
import { DatabaseLockedError } from "#app/server/shared/db.server.ts";
import { cliI18n } from "./i18n.ts";

type Command = { load: () => Promise<{ run(args: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  // Each command's one-line help is cli.json → summary.<name>, in the CLI's language.
  "create-admin": { load: () => import("./commands/create-admin.ts") },
  "list-contests": { load: () => import("./commands/list-contests.ts") },
  "import-entries": { load: () => import("./commands/import-entries.ts") },
  "open-round": { load: () => import("./commands/open-round.ts") },
  "import-scores": { load: () => import("./commands/import-scores.ts") },
  backup: { load: () => import("./commands/backup.ts") },
  restore: { load: () => import("./commands/restore.ts") },
  results: { load: () => import("./commands/results.ts") },
};

// The command's arguments keep --lang: each command reads its language from them the same way.
const args = process.argv.slice(2);
const { t, args: rest, badLang } = cliI18n(args);
const name = rest[0];

function usage(): void {
  console.log(`${t("usage")}\n\n${t("commandsHeading")}`);
  for (const c of Object.keys(commands)) console.log(`  ${c.padEnd(18)} ${t(`summary.${c}`)}`);
  console.log(`\n${t("langNote")}`);
}

let code = 0;
if (badLang !== undefined) {
  console.error(t("badLang", { value: badLang }));
  code = 2;
} else if (!name || name === "help" || name === "--help") {
  usage();
} else if (!commands[name]) {
  console.error(`${t("unknownCommand", { name })}\n`);
  usage();
  code = 2;
} else {
  try {
    const at = args.indexOf(name);
    code = await (await commands[name].load()).run([...args.slice(0, at), ...args.slice(at + 1)]);
  } catch (err) {
    console.error(err instanceof DatabaseLockedError ? err.message : err);
    code = 1;
  } finally {
    await closeDb();
  }
}
process.exit(code);

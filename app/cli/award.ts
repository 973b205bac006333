/**
 * The organizer's command line: `npm run award -- <command> [options]`.
 * Each command lives in app/cli/commands/<name>.ts and exports `run(args): Promise<number>`.
 * Commands open the database themselves; with the embedded PGlite that works only while the
 * server is stopped (the data directory is locked), with PostgreSQL at any time.
 */
import { closeDb } from "#app/server/shared/db.server.ts";
import { DatabaseLockedError } from "#app/server/shared/db.server.ts";

type Command = { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  "create-admin": {
    summary: "create an administrator: --email <address> [--name <name>]; prints a one-time set-password link",
    load: () => import("./commands/create-admin.ts"),
  },
  "list-contests": {
    summary: "list contests with their phase and entry counts",
    load: () => import("./commands/list-contests.ts"),
  },
  "import-entries": { summary: "import mailed entries from a CSV: --contest <slug> <file.csv>", load: () => import("./commands/import-entries.ts") },
  "open-round": { summary: "open a judging round (checklist, refusals, judges' mails): --contest <slug> --round <n>", load: () => import("./commands/open-round.ts") },
  "import-scores": { summary: "import paper score sheets (CSV) into a round, all or nothing", load: () => import("./commands/import-scores.ts") },
  backup: { summary: "back up the database and files into a new folder: backup <dir>", load: () => import("./commands/backup.ts") },
  restore: { summary: "restore a backup into an empty database and storage: restore <dir>", load: () => import("./commands/restore.ts") },
  results: { summary: "computed ranking, prizes, ties and payouts of a contest [--json]", load: () => import("./commands/results.ts") },
};

function usage(): void {
  console.log("Usage: npm run award -- <command> [options]\n\nCommands:");
  for (const [name, c] of Object.entries(commands)) console.log(`  ${name.padEnd(18)} ${c.summary}`);
}

const [name, ...args] = process.argv.slice(2);
let code = 0;
if (!name || name === "help" || name === "--help") {
  usage();
} else if (!commands[name]) {
  console.error(`Unknown command "${name}".\n`);
  usage();
  code = 2;
} else {
  try {
    code = await (await commands[name].load()).run(args);
  } catch (err) {
    console.error(err instanceof DatabaseLockedError ? err.message : err);
    code = 1;
  } finally {
    await closeDb();
  }
}
process.exit(code);

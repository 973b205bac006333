/**
 * Offline migration CLI (the Prisma CLI's migrate commands need a binary download).
 *
 *   npm run db:migrate                 apply pending migrations (= prisma migrate deploy)
 *   npm run db:migration -- <name>     new migration from schema.prisma (= migrate dev --create-only)
 *   npm run db:status                  applied / pending migrations and schema drift
 *
 * Target: DATABASE_URL when set, else PGlite at <DATA_DIR>/pglite. PGlite is opened with an
 * exclusive lock, so this fails at once while the server is running on the same directory.
 * Exit codes: 0 ok, 1 error or failed migration, 2 status found pending migrations or drift.
 */
import path from "node:path";
import { DatabaseLockedError } from "#app/server/shared/db.server.ts";
import { env } from "#app/server/shared/env.server.ts";
import { createMigration, migrateDeploy, migrationStatus, type TargetOptions } from "./migrator.ts";

const USAGE = `usage: tsx prisma/migrate.ts <deploy | create <name> | status>`;

function target(): TargetOptions {
  const e = env();
  return { databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR, log: (l) => console.log(l) };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "deploy": {
      const { applied } = await migrateDeploy(target());
      if (applied.length === 0) console.log("No pending migrations to apply.");
      else {
        console.log(`Applied ${applied.length} migration(s):`);
        for (const n of applied) console.log(`  ${n}`);
      }
      return 0;
    }
    case "create": {
      const name = rest.filter((a) => !a.startsWith("-")).join("_");
      if (!name) {
        console.error(`A migration name is required.\n${USAGE}`);
        return 1;
      }
      const res = await createMigration(name);
      if (!res.name) {
        console.log("schema.prisma and the migrations are in sync: no migration created.");
        return 0;
      }
      console.log(`Created ${path.relative(process.cwd(), res.file!)}`);
      console.log("Review it, then run `npm run db:migrate`.");
      return 0;
    }
    case "status": {
      const s = await migrationStatus(target());
      console.log(`Target: ${s.target}`);
      console.log(`${s.local.length} migration(s) in prisma/migrations`);
      if (!s.hasMigrationsTable) console.log("The database has no _prisma_migrations table yet.");
      for (const n of s.local) {
        const mark = s.failed.includes(n)
          ? "FAILED "
          : s.pending.includes(n)
            ? "pending"
            : s.edited.includes(n)
              ? "EDITED "
              : "applied";
        console.log(`  [${mark}] ${n}`);
      }
      for (const n of s.missingLocally) console.log(`  [MISSING] ${n} (applied, not on disk)`);
      if (s.failed.length) {
        console.log(
          `\nFailed migration(s) block deploy. Fix the database by hand, then mark them ` +
            `rolled back or applied in _prisma_migrations.`,
        );
      }
      if (s.drift.inSync) console.log("\nschema.prisma and the migrations are in sync.");
      else if (s.drift.error) {
        console.log(`\nCould not compare schema.prisma with the migrations:\n${s.drift.error}`);
      } else {
        console.log(
          "\nDRIFT: schema.prisma differs from the migrations. " +
            "Create a migration (npm run db:migration -- <name>). It would contain:\n",
        );
        console.log(s.drift.sql);
      }
      if (s.ok) console.log("Database is up to date.");
      return s.ok ? 0 : 2;
    }
    default:
      console.error(USAGE);
      return 1;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof DatabaseLockedError) console.error(err.message);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
}

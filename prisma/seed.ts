/**
 * `npm run db:seed` — seeds the demo contest unless it exists.
 * `--if-empty` (npm start): only on a brand-new database, and only where the demo's public
 * passwords are harmless: the embedded database, or any database with SEED_DEMO=1.
 */
import { createDb } from "#app/server/shared/db.server.ts";
import { demoSeedAllowed, env } from "#app/server/shared/env.server.ts";
import { seedDemo, DEMO_SLUG } from "./seed-data.ts";

const e = env();
const ifEmpty = process.argv.includes("--if-empty");
if (ifEmpty && !demoSeedAllowed(e)) {
  console.log(
    e.SEED_DEMO === "0"
      ? "Demo not seeded (SEED_DEMO=0)."
      : "Demo not seeded: DATABASE_URL is set (SEED_DEMO=1 to seed it anyway). Create the first admin with `npm run award -- create-admin --email <address>`.",
  );
} else {
  const handle = await createDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
  try {
    const created = ifEmpty && (await handle.db.contest.count()) > 0 ? false : await seedDemo(handle.db);
    console.log(
      created ? `Seeded the demo contest ${DEMO_SLUG}.` : "Demo not seeded: the database already has contests.",
    );
  } finally {
    await handle.close();
  }
}

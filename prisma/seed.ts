/** `npm run db:seed` — seeds the demo contest unless it exists. */
import { createDb } from "#app/server/db.server.ts";
import { env } from "#app/server/env.server.ts";
import { seedDemo, DEMO_SLUG } from "./seed-data.ts";

const e = env();
const handle = await createDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
try {
  // --if-empty (npm start): only a brand-new database gets the demo, never a live one.
  const ifEmpty = process.argv.includes("--if-empty");
  const created =
    ifEmpty && (await handle.db.contest.count()) > 0 ? false : await seedDemo(handle.db);
  console.log(created ? `Seeded the demo contest ${DEMO_SLUG}.` : "Demo not seeded: the database already has contests.");
} finally {
  await handle.close();
}

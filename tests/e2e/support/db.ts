import fs from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { makeJudgingScenario } from "#tests/support/kit.ts";
import { validPdf } from "./pdf.ts";

let client: PrismaClient | undefined;

/**
 * The e2e server's database, for fixtures. Only available when e2e runs on PostgreSQL
 * (TEST_DATABASE_URL set, as `npm test` does): an embedded PGlite is locked by the server.
 */
export function e2eDb(): PrismaClient {
  if (client) return client;
  const file = "tests/.tmp/e2e-db-url";
  if (!fs.existsSync(file)) {
    throw new Error(
      "This e2e test needs fixtures: run it with TEST_DATABASE_URL set to a PostgreSQL server (npm test does).",
    );
  }
  client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: fs.readFileSync(file, "utf8").trim() }),
  });
  return client;
}

/** The e2e server's upload directory (the kit writes fixture files there). */
export const E2E_UPLOADS = path.resolve("tests/.tmp/e2e-data/uploads");

/** The kit's blind judging contest, in the e2e server's database and storage (see makeJudgingScenario). */
export function e2eJudgingScenario() {
  return makeJudgingScenario(e2eDb(), { storageDir: E2E_UPLOADS, pdf: validPdf() });
}

import fs from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";

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

// Prisma 7 reads its settings here. The database URL is not needed for `generate`;
// migrations run through prisma/migrate.ts (offline, schema-engine-wasm), see docs/decisions.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

/**
 * Safe first start: `npm start`'s seed step gives a PostgreSQL database (DATABASE_URL) no demo
 * accounts unless SEED_DEMO=1 asks for them, and the first admin comes from
 * `npm run award -- create-admin`, whose one-time link sets the password.
 * (The embedded database still gets the demo: tests/integration/start.test.ts.)
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run as createAdminCli } from "#app/cli/commands/create-admin.ts";
import { attemptLogin } from "#app/server/shared/auth.server.ts";
import { resetPassword } from "#app/server/shared/accounts.server.ts";
import { demoSeedAllowed, parseEnv } from "#app/server/shared/env.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { releaseTestDbForRoutes, useTestDbForRoutes } from "#tests/support/organizer.ts";

describe(`first start on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  it("seeds the demo only on the embedded database unless SEED_DEMO says otherwise", () => {
    expect(demoSeedAllowed(parseEnv({}))).toBe(true);
    expect(demoSeedAllowed(parseEnv({ DATABASE_URL: "postgresql://db/prod" }))).toBe(false);
    expect(demoSeedAllowed(parseEnv({ DATABASE_URL: "postgresql://db/prod", SEED_DEMO: "1" }))).toBe(true);
    expect(demoSeedAllowed(parseEnv({ SEED_DEMO: "0" }))).toBe(false);
  });

  it.runIf(testEngine === "postgres")(
    "npm start's seed step leaves an empty PostgreSQL without demo accounts, and seeds it with SEED_DEMO=1",
    async () => {
      const seed = (extra: Record<string, string>) =>
        spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts", "--if-empty"], {
          env: { ...process.env, DATABASE_URL: t.databaseUrl, SEED_DEMO: "", ...extra },
          encoding: "utf8",
        });
      const plain = seed({});
      expect(plain.status).toBe(0);
      expect(plain.stdout).toContain("create-admin");
      expect(await t.db.user.count()).toBe(0);
      const asked = seed({ SEED_DEMO: "1" });
      expect(asked.status).toBe(0);
      expect(await t.db.user.count({ where: { email: "quantri@giaibaochi.test" } })).toBe(1);
      await t.db.$executeRawUnsafe(`TRUNCATE "User", "Contest" CASCADE`);
    },
  );

  it("create-admin prints a one-time link that sets the first admin's password", async () => {
    useTestDbForRoutes(t);
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((m: string) => void out.push(m));
    const err = vi.spyOn(console, "error").mockImplementation((m: string) => void out.push(m));
    try {
      expect(await createAdminCli(["--email", "not-an-email"])).toBe(2);
      expect(await createAdminCli(["--email", "Truong.Ban@Example.test", "--name", "Trưởng Ban"])).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const url = /https?:\/\/\S+\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(out.join("\n"));
    expect(url).not.toBeNull();
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: "truong.ban@example.test" },
      include: { roleGrants: true },
    });
    expect(user.passwordHash).toBeNull();
    expect(user.roleGrants.map((g) => g.role)).toEqual(["ADMIN"]);
    expect(await resetPassword(t.db, { token: url![1]!, password: "Mat-khau-quan-tri-1" })).toEqual({ ok: true });
    // One time only.
    expect(await resetPassword(t.db, { token: url![1]!, password: "Mat-khau-khac-2" })).toEqual({ ok: false });
    expect(
      await attemptLogin(t.db, { email: user.email, password: "Mat-khau-quan-tri-1", ip: "10.0.0.1" }),
    ).toMatchObject({ ok: true, userId: user.id });
  });
});

/**
 * The authorisation matrix: EVERY route file under app/routes × every kind of visitor, against
 * the real app (the production server build, handled in-process by Remix, so parent layouts'
 * loaders run as in production) on the real database of TEST_DB.
 *
 * The list of routes comes from the files, and the expectations from the one table below: a new
 * route without an expectation fails this test, as does an expectation for a route that is gone.
 * Outcomes: "ok" = served (2xx, or for a POST a 4xx refusal of the input after authorisation),
 * "redirect" = sent elsewhere but not to the login page, "login" = sent to sign in,
 * "denied" = 401/403/404. A 5xx is always a failure.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { assign, makeContest, makeEntry, makeFile, makeUser, openRound } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

const ROLES = [
  "anonymous",
  "journalist",
  "otherJournalist",
  "judge",
  "otherJudge",
  "organizer",
  "otherOrganizer",
  "admin",
] as const;
type Role = (typeof ROLES)[number];
type Outcome = "ok" | "redirect" | "login" | "denied";
type Expect = Record<Role, Outcome>;

const every = (o: Outcome): Expect => Object.fromEntries(ROLES.map((r) => [r, o])) as Expect;
const only = (allowed: Role[], others: Outcome = "denied"): Expect =>
  Object.fromEntries(
    ROLES.map((r) => [r, r === "anonymous" ? "login" : allowed.includes(r) ? "ok" : others]),
  ) as Expect;
/** Public. */
const PUBLIC = every("ok");
/** Any signed-in user; visitors are sent to sign in. */
const SIGNED_IN = only([
  "journalist",
  "otherJournalist",
  "judge",
  "otherJudge",
  "organizer",
  "otherOrganizer",
  "admin",
]);
/** For strangers only (sign in, register): signed-in users are sent to their account. */
const ANONYMOUS_ONLY: Expect = { ...every("redirect"), anonymous: "ok" };
const ADMIN = only(["admin"]);
/** Organizers of contest A (and admins, who may act as any contest's organizer). */
const ORGANIZER_A = only(["organizer", "admin"]);
/** The journalist who owns the entry; everyone else learns nothing (404). */
const OWNER = only(["journalist"]);
/** The judge assigned to the entry in contest A's open round (admins do not judge). */
const JUDGE_A = only(["judge"]);
const JUDGES = only(["judge", "otherJudge"]);
const ORGANIZERS = only(["organizer", "otherOrganizer", "admin"]);

interface Row {
  /** URL with the fixture's ids, from `ids`. */
  url: (ids: Ids) => string;
  /** Every page and resource route answers GET (a page without a loader still renders). */
  get?: Expect;
  post?: Expect;
  /** A layout: no URL of its own; its loader runs (and is checked) with every child's. */
  layout?: true;
}

/** THE table: one row per file in app/routes. */
const TABLE: Record<string, Row> = {
  "$.tsx": { url: () => "/khong-co-trang-nay", get: every("denied") },
  "_index.tsx": { url: () => "/", get: PUBLIC },
  "account.data-export.ts": { url: () => "/account/data-export", get: SIGNED_IN },
  "account.privacy.tsx": { url: () => "/account/privacy", get: SIGNED_IN, post: SIGNED_IN },
  "account.two-factor.tsx": { url: () => "/account/two-factor", get: SIGNED_IN, post: SIGNED_IN },
  // Without a pending sign-in challenge a visitor is sent back to the password step.
  "login_.two-factor.tsx": {
    url: () => "/login/two-factor",
    get: { ...every("redirect"), anonymous: "login" },
    post: { ...every("redirect"), anonymous: "login" },
  },
  "privacy.tsx": { url: () => "/privacy", get: PUBLIC },
  "account._index.tsx": { url: () => "/account", get: SIGNED_IN },
  "account.profile.tsx": { url: () => "/account/profile", get: SIGNED_IN, post: SIGNED_IN },
  "account.security.tsx": { url: () => "/account/security", get: SIGNED_IN, post: SIGNED_IN },
  "admin._index.tsx": { url: () => "/admin", get: ADMIN, post: ADMIN },
  "admin.outbox.$id.tsx": { url: (i) => `/admin/outbox/${i.mailId}`, get: ADMIN },
  "admin.outbox._index.tsx": { url: () => "/admin/outbox", get: ADMIN, post: ADMIN },
  "api.contests.$slug.results.ts": { url: (i) => `/api/contests/${i.published}/results`, get: PUBLIC },
  "contests.$slug._index.tsx": { url: (i) => `/contests/${i.slug}`, get: PUBLIC },
  "contests.$slug.enter.tsx": { url: (i) => `/contests/${i.openSlug}/enter`, get: SIGNED_IN, post: SIGNED_IN },
  "contests.$slug.results.tsx": { url: (i) => `/contests/${i.published}/results`, get: PUBLIC },
  "favicon[.]ico.ts": { url: () => "/favicon.ico", get: every("redirect") },
  "forgot-password.tsx": { url: () => "/forgot-password", get: PUBLIC, post: PUBLIC },
  "healthz.ts": { url: () => "/healthz", get: PUBLIC },
  "invite.$token.tsx": { url: () => "/invite/khong-co-loi-moi-nay-0123456789", get: PUBLIC, post: PUBLIC },
  "judge._index.tsx": { url: () => "/judge", get: JUDGES },
  "judge.files.$fileId.ts": { url: (i) => `/judge/files/${i.fileId}`, get: JUDGE_A },
  "judge.rounds.$roundId.entries.$entryId.tsx": {
    url: (i) => `/judge/rounds/${i.roundId}/entries/${i.entryId}`,
    get: JUDGE_A,
    post: JUDGE_A,
  },
  "login.tsx": { url: () => "/login", get: ANONYMOUS_ONLY, post: ANONYMOUS_ONLY },
  "logout.tsx": { url: () => "/logout", get: every("redirect"), post: every("redirect") },
  // Until the contest's results are published nobody gets a certificate, its author included; the
  // author's download after publication is exercised in exports.test.ts and the certificates e2e.
  "me.entries.$id.certificates.$authorId.ts": {
    url: (i) => `/me/entries/${i.entryId}/certificates/${i.authorId}`,
    get: { ...every("denied"), anonymous: "login" },
  },
  "me.entries.$id.receipt.ts": { url: (i) => `/me/entries/${i.entryId}/receipt`, get: OWNER },
  "me.entries.$id.tsx": { url: (i) => `/me/entries/${i.entryId}`, get: OWNER, post: OWNER },
  "me.entries._index.tsx": { url: () => "/me/entries", get: SIGNED_IN },
  "me.files.$id.ts": { url: (i) => `/me/files/${i.fileId}`, get: OWNER },
  // ?index: a POST to /organizer/<slug> itself would go to the layout route (which has no action).
  "organizer.$slug._index.tsx": { url: (i) => `/organizer/${i.slug}?index`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.agencies.tsx": { url: (i) => `/organizer/${i.slug}/agencies`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.assignments.tsx": {
    url: (i) => `/organizer/${i.slug}/assignments`,
    get: ORGANIZER_A,
    post: ORGANIZER_A,
  },
  "organizer.$slug.audit.tsx": { url: (i) => `/organizer/${i.slug}/audit`, get: ORGANIZER_A },
  "organizer.$slug.categories.tsx": {
    url: (i) => `/organizer/${i.slug}/categories`,
    get: ORGANIZER_A,
    post: ORGANIZER_A,
  },
  "organizer.$slug.entries.$entryId.files.$fileId.ts": {
    url: (i) => `/organizer/${i.slug}/entries/${i.entryId}/files/${i.fileId}`,
    get: ORGANIZER_A,
  },
  "organizer.$slug.entries.$entryId.tsx": {
    url: (i) => `/organizer/${i.slug}/entries/${i.entryId}`,
    get: ORGANIZER_A,
    post: ORGANIZER_A,
  },
  "organizer.$slug.entries._index.tsx": {
    url: (i) => `/organizer/${i.slug}/entries`,
    get: ORGANIZER_A,
    post: ORGANIZER_A,
  },
  "organizer.$slug.export.$file.ts": { url: (i) => `/organizer/${i.slug}/export/entries.csv`, get: ORGANIZER_A },
  "organizer.$slug.judges.tsx": { url: (i) => `/organizer/${i.slug}/judges`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.mailed_.help.tsx": { url: (i) => `/organizer/${i.slug}/mailed/help`, get: ORGANIZER_A },
  "organizer.$slug.mailed_.template[.csv].ts": {
    url: (i) => `/organizer/${i.slug}/mailed/template.csv`,
    get: ORGANIZER_A,
  },
  "organizer.$slug.mailed.tsx": { url: (i) => `/organizer/${i.slug}/mailed`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.results.export.$kind.ts": {
    url: (i) => `/organizer/${i.slug}/results/export/ranking`,
    get: ORGANIZER_A,
  },
  "organizer.$slug.results.tsx": { url: (i) => `/organizer/${i.slug}/results`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.rounds.$n.tsx": { url: (i) => `/organizer/${i.slug}/rounds/1`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.rounds._index.tsx": {
    url: (i) => `/organizer/${i.slug}/rounds`,
    get: ORGANIZER_A,
    post: ORGANIZER_A,
  },
  "organizer.$slug.settings.tsx": { url: (i) => `/organizer/${i.slug}/settings`, get: ORGANIZER_A, post: ORGANIZER_A },
  "organizer.$slug.tsx": { url: (i) => `/organizer/${i.slug}`, layout: true },
  "organizer._index.tsx": { url: () => "/organizer", get: ORGANIZERS },
  "register.tsx": { url: () => "/register", get: ANONYMOUS_ONLY, post: ANONYMOUS_ONLY },
  "reset-password.tsx": { url: () => "/reset-password?token=khong-co-ma-nay-0123456789", get: PUBLIC, post: PUBLIC },
  "set-language.tsx": { url: () => "/set-language", get: every("redirect"), post: PUBLIC },
  "verify-email.tsx": { url: () => "/verify-email?token=khong-co-ma-nay-0123456789", get: PUBLIC },
};

interface Ids {
  slug: string;
  openSlug: string;
  published: string;
  entryId: string;
  authorId: string;
  fileId: string;
  roundId: string;
  mailId: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name === "generated") continue;
    const p = path.join(dir, d.name);
    newest = Math.max(newest, d.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function routeFiles(): string[] {
  return fs
    .readdirSync("app/routes", { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|tsx)$/.test(d.name))
    .map((d) => path.relative("app/routes", path.join(d.parentPath, d.name)))
    .sort();
}

const exportsOf = (file: string) => {
  const src = fs.readFileSync(path.join("app/routes", file), "utf8");
  return {
    action: /export (async )?function action|export const action/.test(src),
  };
};

function classify(res: Response, method: string): Outcome | "error" {
  if (res.status >= 500) return "error";
  if (res.status >= 300 && res.status < 400) {
    const to = res.headers.get("Location") ?? "";
    return /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(to) ? "login" : "redirect";
  }
  if ([401, 403, 404, 405].includes(res.status)) return "denied";
  if (res.status < 300) return "ok";
  // 400, 409, 413, 415, 422, 429 …: the input was refused, which only happens after authorisation.
  return method === "POST" ? "ok" : "denied";
}

describe(`authorisation matrix, every route × role, on ${testEngine}`, () => {
  let t: TestDb;
  let dataDir: string;
  let handler: (request: Request) => Promise<Response>;
  let ids: Ids;
  const users = {} as Record<Exclude<Role, "anonymous">, string>;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-authz-"));
    process.env.DATA_DIR = dataDir;
    // The production build, rebuilt when app/ is newer (npm test builds just before).
    if (!fs.existsSync("build/server/index.js") || newestMtime("app") > fs.statSync("build/server/index.js").mtimeMs) {
      expect(spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" }).status).toBe(0);
    }
    const build = (await import(path.resolve("build/server/index.js"))) as unknown as ServerBuild;
    handler = createRequestHandler(build, "production");

    // Contest A (judging), contest B (another one with its own judge and organizer), an open
    // contest to enter, and a published one.
    const a = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const b = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    const open = await makeContest(t.db, { phase: "OPEN", categories: ["print"] });
    const published = await makeContest(t.db, { phase: "PUBLISHED", categories: ["print"] });
    const mk = async (
      role: Exclude<Role, "anonymous">,
      roles: NonNullable<Parameters<typeof makeUser>[1]>["roles"] = [],
    ) => {
      users[role] = (await makeUser(t.db, { roles })).id;
    };
    await mk("journalist");
    await mk("otherJournalist");
    await mk("judge", [{ role: "JUDGE", contestId: a.id }]);
    await mk("otherJudge", [{ role: "JUDGE", contestId: b.id }]);
    await mk("organizer", [{ role: "ORGANIZER", contestId: a.id }]);
    await mk("otherOrganizer", [{ role: "ORGANIZER", contestId: b.id }]);
    await mk("admin", [{ role: "ADMIN" }]);
    const entry = await makeEntry(t.db, {
      contestId: a.id,
      categoryId: a.category("print").id,
      submitterId: users.journalist,
      status: "ELIGIBLE",
      code: "BI-001",
    });
    await assign(t.db, a.rounds[0]!.id, [entry.id], [users.judge]);
    // Opened as an organizer would: once its judges are assigned (the service refuses before).
    await openRound(t.db, a.rounds[0]!.id);
    // A real (small, well-formed) PDF: judges get a metadata-stripped copy of it.
    const pdf = fs.readFileSync(path.resolve("tests/fixtures/one-page.pdf"));
    const file = await makeFile(t.db, {
      entryId: entry.id,
      partId: entry.parts[0]!.id,
      storageDir: path.join(dataDir, "uploads"),
      storageKey: "authz/a.pdf",
      bytes: pdf,
      originalName: "a.pdf",
      uploadedById: users.journalist,
    });
    const mail = await t.db.outboxMail.create({
      data: { to: "x@example.test", subject: "Thư", html: "<p>x</p>", text: "x", template: "test" },
    });
    ids = {
      slug: a.slug,
      openSlug: open.slug,
      published: published.slug,
      entryId: entry.id,
      authorId: (await t.db.entryAuthor.findFirstOrThrow({ where: { entryId: entry.id } })).id,
      fileId: file.id,
      roundId: a.rounds[0]!.id,
      mailId: mail.id,
    };
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("has exactly one expectation per route file, for each of its loader and action", () => {
    const files = routeFiles();
    expect(
      files.filter((f) => !TABLE[f]),
      "routes without an expectation in TABLE",
    ).toEqual([]);
    expect(
      Object.keys(TABLE).filter((f) => !files.includes(f)),
      "expectations for routes that no longer exist",
    ).toEqual([]);
    for (const f of files) {
      const row = TABLE[f]!;
      const ex = exportsOf(f);
      if (row.layout) continue;
      expect(Boolean(row.get), `${f}: GET expectation`).toBe(true);
      expect(Boolean(row.post), `${f}: POST expectation iff it has an action`).toBe(ex.action);
    }
  });

  it("lets each role do exactly what the table says, on every route, and never answers 5xx", async () => {
    const request = async (role: Role, method: "GET" | "POST", url: string) => {
      // A fresh session per request: a POST (e.g. logout) may end it.
      const cookie = role === "anonymous" ? "" : await sessionCookie(t.db, users[role]);
      return handler(
        new Request(`http://localhost${url}`, {
          method,
          redirect: "manual",
          headers: {
            Host: "localhost",
            Cookie: cookie,
            "Accept-Language": "vi",
            Origin: "http://localhost",
            ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
          },
          // An empty form: it must be refused for lack of rights before anything else.
          body: method === "POST" ? "" : undefined,
        }),
      );
    };
    const mismatches: string[] = [];
    let checked = 0;
    for (const [file, row] of Object.entries(TABLE)) {
      if (row.layout) continue;
      for (const method of ["GET", "POST"] as const) {
        const expected = method === "GET" ? row.get : row.post;
        if (!expected) continue;
        for (const role of ROLES) {
          const res = await request(role, method, row.url(ids));
          await res.arrayBuffer().catch(() => undefined);
          const got = classify(res, method);
          checked += 1;
          if (got !== expected[role])
            mismatches.push(
              `${method} ${file} as ${role}: expected ${expected[role]}, got ${got} (${res.status}${res.headers.get("Location") ? ` → ${res.headers.get("Location")}` : ""})`,
            );
        }
      }
    }
    console.log(`authorisation matrix: ${checked} route × role checks`);
    expect(mismatches).toEqual([]);
  }, 600_000); // ~550 full requests; minutes on a loaded 2-core machine
});

/**
 * Every organizer page and action refuses a journalist, a judge of the contest and an organizer
 * of another contest, before reading or changing anything; the contest's own organizer and an
 * admin get through.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeFile, makeUser } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
type RouteModule = { loader?: (a: Args) => Promise<unknown>; action?: (a: Args) => Promise<unknown> };

const ROUTES: Record<string, () => Promise<RouteModule>> = {
  "": () => import("#app/routes/organizer.$slug._index.tsx"),
  layout: () => import("#app/routes/organizer.$slug.tsx"),
  settings: () => import("#app/routes/organizer.$slug.settings.tsx"),
  categories: () => import("#app/routes/organizer.$slug.categories.tsx"),
  rounds: () => import("#app/routes/organizer.$slug.rounds._index.tsx"),
  entries: () => import("#app/routes/organizer.$slug.entries._index.tsx"),
  entry: () => import("#app/routes/organizer.$slug.entries.$entryId.tsx"),
  file: () => import("#app/routes/organizer.$slug.entries.$entryId.files.$fileId.ts"),
  export: () => import("#app/routes/organizer.$slug.export.$file.ts"),
  mailed: () => import("#app/routes/organizer.$slug.mailed.tsx"),
  judges: () => import("#app/routes/organizer.$slug.judges.tsx"),
  assignments: () => import("#app/routes/organizer.$slug.assignments.tsx"),
  audit: () => import("#app/routes/organizer.$slug.audit.tsx"),
};

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe(`organizer permissions on ${testEngine}`, () => {
  let t: TestDb;
  let fixtures: Awaited<ReturnType<typeof setup>>;

  async function setup() {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const other = await makeContest(t.db, { categories: ["print"] });
    const journalist = await makeUser(t.db);
    const judge = await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: contest.id }] });
    const otherOrganizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: other.id }] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const entry = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: journalist.id,
      code: "BI-001",
    });
    const file = await makeFile(t.db, { entryId: entry.id, originalName: "a.pdf", sizeBytes: 10n });
    const cookies = {
      journalist: await sessionCookie(t.db, journalist.id),
      judge: await sessionCookie(t.db, judge.id),
      otherOrganizer: await sessionCookie(t.db, otherOrganizer.id),
      organizer: await sessionCookie(t.db, organizer.id),
      admin: await sessionCookie(t.db, admin.id),
    };
    return {
      contest,
      entry,
      file,
      cookies,
      params: { slug: contest.slug, entryId: entry.id, fileId: file.id, file: "entries.csv" },
    };
  }

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    fixtures = await setup();
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  // A harmful action per page: each would change something if it were let through.
  const ACTIONS: Record<string, Record<string, string | string[]>> = {
    "": { to: "CLOSED" },
    settings: {
      nameVi: "Đã bị sửa",
      organizerName: "x",
      publicationStart: "2020-10-01",
      publicationEnd: "2021-10-01",
      submissionDeadline: "2021-11-10",
      timeZone: "Asia/Ho_Chi_Minh",
      maxPartsPerEntry: "5",
      maxAuthorsPerEntry: "5",
    },
    categories: { intent: "saveCategory", code: "hack", nameVi: "Hack", codePrefix: "HK", sortOrder: "9" },
    rounds: {
      intent: "saveRound",
      position: "9",
      nameVi: "Hack",
      source: "ALL_ELIGIBLE",
      advancementRule: "NONE",
      aggregation: "MEAN",
      trimPercent: "20",
      minJudgesPerEntry: "1",
    },
    entries: { intent: "decide", decision: "INELIGIBLE", reason: "hack", entryId: "__entry__" },
    entry: { decision: "INELIGIBLE", reason: "hack" },
    mailed: {
      categoryCode: "print",
      title: "Hack",
      postmarkDate: "01/11/2021",
      receivedDate: "02/11/2021",
      email: "hack@example.test",
      fullName: "Hack",
      parts: "01/03/2021",
    },
    judges: { intent: "invite", email: "hack@example.test", name: "Hack" },
    assignments: { intent: "generate", roundId: "__round__" },
  };

  for (const who of ["journalist", "judge", "otherOrganizer"] as const) {
    it(`refuses every organizer page and action to a ${who} with 403, changing nothing`, async () => {
      const { cookies, params, contest, entry } = fixtures;
      const before = {
        audit: await t.db.auditEvent.count(),
        mails: await t.db.outboxMail.count(),
        entries: await t.db.entry.count(),
      };
      for (const [name, load] of Object.entries(ROUTES)) {
        const mod = await load();
        const url = `/organizer/${contest.slug}/${name}`;
        if (mod.loader) {
          expect(
            await statusOf(
              mod.loader({
                request: new Request(`http://localhost${url}`, { headers: { Cookie: cookies[who] } }),
                params,
                context: {},
              }),
            ),
            `${name} loader`,
          ).toBe(403);
        }
        if (mod.action) {
          const fields = Object.fromEntries(
            Object.entries(ACTIONS[name] ?? {}).map(([k, v]) => [
              k,
              v === "__entry__" ? entry.id : v === "__round__" ? contest.rounds[0]!.id : v,
            ]),
          );
          expect(
            await statusOf(mod.action({ request: formRequest(url, cookies[who], fields), params, context: {} })),
            `${name} action`,
          ).toBe(403);
        }
      }
      const admin = await import("#app/routes/admin._index.tsx");
      expect(
        await statusOf(
          admin.loader({
            request: new Request("http://localhost/admin", { headers: { Cookie: cookies[who] } }),
            params: {},
            context: {},
          }),
        ),
      ).toBe(403);
      expect(
        await statusOf(
          admin.action({
            request: formRequest("/admin", cookies[who], {
              slug: "hack",
              nameVi: "x",
              organizerName: "x",
              publicationStart: "2020-01-01",
              publicationEnd: "2020-02-01",
              submissionDeadline: "2020-03-01",
            }),
            params: {},
            context: {},
          }),
        ),
      ).toBe(403);
      expect({
        audit: await t.db.auditEvent.count(),
        mails: await t.db.outboxMail.count(),
        entries: await t.db.entry.count(),
      }).toEqual(before);
      expect((await t.db.entry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("SUBMITTED");
    });
  }

  it("sends a signed-out visitor to the login page", async () => {
    const mod = await ROUTES.entries!();
    const status = await statusOf(
      mod.loader!({
        request: new Request(`http://localhost/organizer/${fixtures.contest.slug}/entries`),
        params: fixtures.params,
        context: {},
      }),
    );
    expect(status).toBe(302);
  });

  it("lets the contest's organizer and an admin in", async () => {
    const { cookies, params, contest } = fixtures;
    for (const who of ["organizer", "admin"] as const) {
      for (const name of ["", "settings", "entries", "entry", "judges", "assignments", "audit", "export"]) {
        const mod = await ROUTES[name]!();
        expect(
          await statusOf(
            mod.loader!({
              request: new Request(`http://localhost/organizer/${contest.slug}/${name}`, {
                headers: { Cookie: cookies[who] },
              }),
              params,
              context: {},
            }),
          ),
          `${who} ${name}`,
        ).toBe(200);
      }
    }
  });
});

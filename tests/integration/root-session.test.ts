/**
 * On a signed-in page the root loader reads the session and the header's public contests in one
 * statement (getSessionUserAlong), and the route loaders of the same request use that session.
 * What a user sees must not change: the header's contest and name, the page's own data, and
 * every session rule (expired, disabled, unknown token: signed out, the page asks to log in).
 * The contests read that way are the very rows the separate read gives, deadlines to the
 * instant, whatever the server's time zone.
 */
import { describe, expect, it } from "vitest";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { setNow } from "#app/server/shared/clock.server.ts";
import { requestScope } from "#app/server/shared/request-scope.server.ts";
import { listPublicContests } from "#app/server/journalist/contests.server.ts";
import { loader as rootLoader } from "#app/root.tsx";
import { loader as myEntriesLoader } from "#app/routes/me.entries._index.tsx";
import { testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";
import { sessionCookie, withRouteTestDb } from "#tests/support/organizer.ts";

/** Runs `fn` as server.mjs runs a GET request: inside one fresh per-request scope. */
function inGetRequest<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => requestScope({ method: "GET" }, null, () => fn().then(resolve, reject)));
}

const args = (cookie: string): LoaderFunctionArgs => ({
  request: new Request("http://localhost/me/entries", { headers: { Cookie: cookie } }),
  params: {},
  context: {},
});

/** Root and route loader of one page, started as Remix starts them (root first, same request). */
async function page(cookie: string) {
  return inGetRequest(async () => {
    const root = rootLoader(args(cookie));
    const route = myEntriesLoader(args(cookie)).catch((e: unknown) => e);
    return { root: await root, route: await route };
  });
}

describe(`a signed-in page's session and header in one statement, on ${testEngine}`, () => {
  let t: TestDb;
  withRouteTestDb((db) => (t = db));

  it("shows the header's newest public contest and the user's name, and the route sees the same session", async () => {
    setNow("2021-11-01T03:00:00Z");
    const contest = await makeContest(t.db, { name: "Giải Báo chí Hải Dương 2021", deadline: "2099-12-31" });
    await makeContest(t.db, { name: "Bản nháp", deadline: "2100-01-01", open: false });
    const user = await makeUser(t.db, { name: "Trần Thị Phóng Viên" });
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.categories[0]!.id,
      submitterId: user.id,
      title: "Phóng sự về làng nghề",
    });
    const cookie = await sessionCookie(t.db, user.id);

    const { root, route } = await page(cookie);
    expect(root.user).toEqual({ name: "Trần Thị Phóng Viên" });
    expect(root.currentContest).toMatchObject({ slug: contest.slug, name: "Giải Báo chí Hải Dương 2021" });
    expect(JSON.stringify(route)).toContain("Phóng sự về làng nghề");

    // Anonymous: the header is the same, nobody is signed in.
    const anon = await inGetRequest(() => rootLoader(args("")));
    expect(anon).toEqual({ ...root, user: null });
  });

  it("signs out an expired session, a disabled account and an unknown token, and the page asks to log in", async () => {
    const user = await makeUser(t.db);
    setNow("2021-11-01T03:00:00Z");
    const expired = await sessionCookie(t.db, user.id);
    setNow("2022-01-01T03:00:00Z"); // past the 30 days
    const disabled = await makeUser(t.db);
    const disabledCookie = await sessionCookie(t.db, disabled.id);
    await t.db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    for (const cookie of [expired, disabledCookie, `gbc_session=${"x".repeat(43)}`]) {
      const { root, route } = await page(cookie);
      expect(root.user).toBeNull();
      expect(root.currentContest).not.toBeNull();
      expect(route).toBeInstanceOf(Response);
      expect((route as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fme%2Fentries");
    }
  });

  it("offers on 'my entries' the contests open for entries, earliest deadline first, the same with or without the header's read", async () => {
    setNow("2099-04-10T03:00:00Z");
    const late = await makeContest(t.db, { name: "Giải mùa đông", deadline: "2099-12-31" });
    const soon = await makeContest(t.db, { name: "Giải mùa hè", deadline: "2099-06-30" });
    // Past its deadline in its own time zone (Hanoi, 10:00 there) though not yet in Honolulu.
    const pastHere = await makeContest(t.db, { name: "Giải hôm qua", deadline: "2099-04-09" });
    const judging = await makeContest(t.db, { name: "Giải đang chấm", deadline: "2099-05-31", phase: "JUDGING" });
    const draft = await makeContest(t.db, { name: "Giải nháp", deadline: "2099-05-01", open: false });
    const farWest = await makeContest(t.db, { name: "Giải Honolulu", deadline: "2099-04-09" });
    await t.db.contest.update({ where: { id: farWest.id }, data: { timeZone: "Pacific/Honolulu" } });
    const user = await makeUser(t.db);
    const cookie = await sessionCookie(t.db, user.id);
    type Open = { openContests: { slug: string; name: string; deadline: string }[] };

    const { route } = await page(cookie);
    // (Other tests' contests share the database.)
    const mine = new Set([late, soon, pastHere, judging, draft, farWest].map((c) => c.slug));
    const offered = (route as Open).openContests.filter((c) => mine.has(c.slug));
    expect(offered).toEqual([
      { slug: farWest.slug, name: "Giải Honolulu", deadline: "09/04/2099" },
      { slug: soon.slug, name: "Giải mùa hè", deadline: "30/06/2099" },
      { slug: late.slug, name: "Giải mùa đông", deadline: "31/12/2099" },
    ]);
    // The route loader alone (no root loader, e.g. a client-side navigation) reads them itself.
    expect(await inGetRequest(() => myEntriesLoader(args(cookie)))).toEqual(route);
    setNow(null);
  });

  it("reads the same contests as the separate statement, deadlines exact in any server time zone", async () => {
    // A deadline at the end of a Vietnamese day: a few hours off would show another date.
    await makeContest(t.db, { name: "Giải mùa xuân", deadline: "2099-03-31" });
    await t.db.contest.updateMany({
      where: { nameVi: "Giải mùa xuân" },
      data: { submissionDeadline: new Date("2099-03-31T16:59:59.999Z") },
    });
    const zone = process.env.TZ;
    try {
      for (const tz of ["Asia/Ho_Chi_Minh", "America/Los_Angeles", "UTC"]) {
        process.env.TZ = tz;
        const user = await makeUser(t.db);
        const cookie = await sessionCookie(t.db, user.id);
        const alone = await listPublicContests(t.db, "vi");
        const along = await inGetRequest(async () => {
          await rootLoader(args(cookie));
          return listPublicContests(t.db, "vi");
        });
        expect(along.length).toBeGreaterThan(0);
        expect(along).toEqual(alone);
      }
    } finally {
      process.env.TZ = zone;
    }
  });
});

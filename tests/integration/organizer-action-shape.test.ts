/**
 * The four organizer pages whose actions take several intents (categories, rounds, judges,
 * mailed entries) answer bad input the same way: a 400 with a sentence the page shows, and
 * nothing written; a refusal from the service comes back with its own status and sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
type Action = (a: Args) => Promise<unknown>;

/** What an action answered: its status and body, whether it used `data()` or returned a plain object. */
function reply(r: unknown): { status: number; body: unknown } {
  if (r && typeof r === "object" && "type" in r && r.type === "DataWithResponseInit") {
    const d = r as unknown as { data: unknown; init: { status?: number } | null };
    return { status: d.init?.status ?? 200, body: d.data };
  }
  return { status: 200, body: r };
}

describe(`organizer actions with several intents on ${testEngine}`, () => {
  let t: TestDb;
  let cookie: string;
  let contest: Awaited<ReturnType<typeof makeContest>>;
  const counts = async () => ({
    categories: await t.db.category.count({ where: { contestId: contest.id } }),
    tiers: await t.db.prizeTier.count({ where: { category: { contestId: contest.id } } }),
    rounds: await t.db.round.count({ where: { contestId: contest.id } }),
    criteria: await t.db.criterion.count({ where: { round: { contestId: contest.id } } }),
    grants: await t.db.roleGrant.count({ where: { contestId: contest.id } }),
    entries: await t.db.entry.count({ where: { contestId: contest.id } }),
  });
  const post = async (page: string, fields: Record<string, string | string[]>) => {
    const mod = (await import(`#app/routes/organizer.$slug.${page}.tsx`)) as { action: Action };
    const request = formRequest(`/organizer/${contest.slug}/${page}`, cookie, fields);
    return reply(await mod.action({ request, params: { slug: contest.slug }, context: {} }));
  };

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    contest = await makeContest(t.db, { phase: "DRAFT", categories: ["print", "online"] });
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    cookie = await sessionCookie(t.db, organizer.id);
    const journalist = await makeUser(t.db);
    await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("print").id,
      submitterId: journalist.id,
    });
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  it.each([
    ["categories", { intent: "dropEverything", formId: "category-new" }],
    ["categories", { intent: "deleteCategory", formId: "category-x" }],
    ["categories", { intent: "deleteTier", formId: "tier-x" }],
    ["rounds._index", { intent: "dropEverything", formId: "round-new" }],
    ["rounds._index", { intent: "deleteRound", formId: "round-x" }],
    ["rounds._index", { intent: "deleteCriterion", formId: "criterion-x" }],
    ["judges", { intent: "dropEverything" }],
    ["judges", { intent: "remove" }],
    ["judges", { intent: "scope", categoryIds: ["x".repeat(41)] }],
    ["mailed", { intent: "dropEverything" }],
  ])("answers %s %j with a 400 and the invalid-input sentence, changing nothing", async (page, fields) => {
    const before = await counts();
    const r = await post(page, fields);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("Dữ liệu không hợp lệ.");
    expect(await counts()).toEqual(before);
  });

  it("shows a field's error beside the field, not as a form error", async () => {
    const before = await counts();
    const r = await post("categories", { intent: "saveCategory", formId: "category-new", code: "Bad Code" });
    expect(r.status).toBe(400);
    const error = (r.body as { result: { error: Record<string, string[]> } }).result.error;
    expect(error.code).toBeTruthy();
    expect(error.nameVi).toBeTruthy();
    expect(error[""]).toBeUndefined();
    const invite = await post("judges", { intent: "invite", email: "not-an-email", name: "" });
    expect(invite.status).toBe(400);
    expect(Object.keys((invite.body as { result: { error: object } }).result.error)).toEqual(
      expect.arrayContaining(["email", "name"]),
    );
    expect(await counts()).toEqual(before);
  });

  it("asks for a file when the CSV import comes without one", async () => {
    const r = await post("mailed", { intent: "import" });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ formId: "import", errors: [{ line: 0, text: expect.stringMatching(/tệp/i) }] });
  });

  it("gives a service's refusal its status and sentence: a category holding an entry is not deleted", async () => {
    const print = contest.category("print");
    const r = await post("categories", {
      intent: "deleteCategory",
      formId: `category-${print.id}`,
      categoryId: print.id,
    });
    expect(r.status).toBe(409);
    const error = (r.body as { result: { error: Record<string, string[]> } }).result.error;
    expect(error[""]?.[0]).toMatch(/1/);
    expect(await t.db.category.count({ where: { id: print.id } })).toBe(1);
  });

  it("does each intent's one job when the input is good", async () => {
    const online = contest.category("online");
    const tier = online.prizeTiers[0]!;
    expect(
      (await post("categories", { intent: "deleteTier", formId: `tier-${tier.id}`, tierId: tier.id })).status,
    ).toBe(200);
    expect(await t.db.prizeTier.count({ where: { id: tier.id } })).toBe(0);
    const round = contest.rounds.at(-1)!;
    const saved = await post("rounds._index", {
      intent: "saveCriterion",
      formId: `criterion-new-${round.id}`,
      roundId: round.id,
      position: "9",
      nameVi: "Tiêu chí mới",
      maxPoints: "10",
    });
    expect(saved).toMatchObject({ status: 200, body: { saved: true } });
    expect(await t.db.criterion.count({ where: { roundId: round.id, nameVi: "Tiêu chí mới" } })).toBe(1);
  });

  it("answers the admin page's bad forms the same way: 400, the form's own sentence, nothing granted", async () => {
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const adminCookie = await sessionCookie(t.db, admin.id);
    const mod = (await import("#app/routes/admin._index.tsx")) as { action: Action };
    const call = async (fields: Record<string, string>) =>
      reply(await mod.action({ request: formRequest("/admin", adminCookie, fields), params: {}, context: {} }));
    const before = await counts();
    expect(await call({ intent: "grant", contestId: contest.id, email: "nope" })).toMatchObject({
      status: 400,
      body: { formId: `grant-${contest.id}`, error: expect.stringMatching(/email/i) },
    });
    expect(await call({ intent: "revoke" })).toMatchObject({
      status: 400,
      body: { formId: "revoke", error: "Dữ liệu không hợp lệ." },
    });
    const unknown = await call({ intent: "dropEverything" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("Dữ liệu không hợp lệ.");
    expect(await counts()).toEqual(before);
  });
});

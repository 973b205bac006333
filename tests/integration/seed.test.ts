import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "#app/domain/dates.ts";
import { prizeMoneyTotal } from "#app/domain/prizes.ts";
import { getContestRules, listPublicContests } from "#app/server/journalist/contests.server.ts";
import { listMyEntries } from "#app/server/journalist/entries.server.ts";
import { DEMO_DOMAIN, DEMO_SLUG, seedDemo } from "#prisma/seed-data.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { contestAgencyKey } from "#app/server/organizer/agencies.server.ts";

describe(`seeded 2021 contest on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    expect(await seedDemo(t.db)).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores the dates of CONTEST.md as calendar dates", async () => {
    const c = await t.db.contest.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    expect(toIsoDate(c.publicationStart)).toBe("2020-10-01");
    expect(toIsoDate(c.publicationEnd)).toBe("2021-10-01");
    expect(toIsoDate(c.submissionDeadline)).toBe("2021-11-10");
    expect(c.timeZone).toBe("Asia/Ho_Chi_Minh");
    expect(c.postmarkCounts).toBe(true);
    expect(c.organizerPhone).toBe("0220.3897357");
  });

  it("has four categories with 1/1/3/5 prizes of 30/20/10/2 million VND", async () => {
    const rules = await getContestRules(t.db, DEMO_SLUG, "vi");
    expect(rules?.categories.map((c) => c.name)).toEqual(["Báo in", "Báo nói", "Báo hình", "Báo điện tử"]);
    for (const cat of rules!.categories) {
      expect(cat.tiers.map((x) => [x.name, x.count, x.amount])).toEqual([
        ["Giải Nhất", 1, 30_000_000],
        ["Giải Nhì", 1, 20_000_000],
        ["Giải Ba", 3, 10_000_000],
        ["Giải Khuyến khích", 5, 2_000_000],
      ]);
      expect(prizeMoneyTotal(cat.tiers)).toBe(90_000_000);
    }
  });

  it("lists the contest publicly and in English", async () => {
    const list = await listPublicContests(t.db, "en");
    expect(list.map((c) => c.slug)).toContain(DEMO_SLUG);
    const rules = await getContestRules(t.db, DEMO_SLUG, "en");
    expect(rules?.categories[0]?.tiers[0]?.name).toBe("First prize");
    // Calendar dates and the phase as the rules page shows them (read by one raw query).
    const row = await t.db.contest.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    expect(rules).toMatchObject({
      phase: row.phase,
      publicationStart: toIsoDate(row.publicationStart),
      publicationEnd: toIsoDate(row.publicationEnd),
      submissionDeadline: toIsoDate(row.submissionDeadline),
      timeZone: row.timeZone,
      organizer: { name: row.organizerName, email: row.organizerEmail },
    });
  });

  it("lists a journalist's own entries, newest first, with contest and category names", async () => {
    const me = await t.db.user.findUniqueOrThrow({ where: { email: `phongvien1@${DEMO_DOMAIN}` } });
    const expected = await t.db.entry.findMany({
      where: { submitterId: me.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { contest: true, category: true },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(await listMyEntries(t.db, me.id)).toEqual(
      expected.map((e) => ({
        id: e.id,
        code: e.code,
        title: e.title,
        status: e.status,
        statusReason: e.statusReason,
        contestNameVi: e.contest.nameVi,
        contestNameEn: e.contest.nameEn,
        categoryNameVi: e.category.nameVi,
        categoryNameEn: e.category.nameEn,
      })),
    );
  });

  it("uses only reserved test addresses for accounts", async () => {
    const users = await t.db.user.findMany({ select: { email: true } });
    expect(users.length).toBeGreaterThan(5);
    for (const u of users) expect(u.email.endsWith(`@${DEMO_DOMAIN}`)).toBe(true);
    expect(DEMO_DOMAIN.endsWith(".test")).toBe(true);
  });

  it("gives submitted example entries unique codes and counts them per category", async () => {
    const entries = await t.db.entry.findMany({ where: { status: "SUBMITTED" } });
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain("BI-001");
    const print = await t.db.category.findFirstOrThrow({ where: { code: "print" } });
    expect(print.entrySeq).toBe(1);
  });

  it("does nothing when seeded twice", async () => {
    expect(await seedDemo(t.db)).toBe(false);
    expect(await t.db.contest.count()).toBe(1);
  });

  it("lists the demo contest's Hải Dương press agencies, so a judge's short name meets the journalists' full name", async () => {
    const contest = await t.db.contest.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    expect((await t.db.pressAgency.findMany({ where: { contestId: contest.id } })).length).toBeGreaterThanOrEqual(3);
    const key = await contestAgencyKey(t.db, contest.id);
    expect(key("Đài PT-TH Hải Dương")).toBe(key("Đài Phát thanh và Truyền hình Hải Dương"));
    expect(key("Báo Hải Dương")).not.toBe(key("Báo điện tử Hải Dương"));
  });
});

/**
 * Test data builders with sensible defaults (the 2021 Hải Dương rules) and overrides.
 * Used by integration tests (any Db) and e2e tests (through tests/e2e/support/db.ts).
 */
import { randomBytes } from "node:crypto";
import type { ContestPhase, Role } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { fromIsoDate, type IsoDate } from "#app/domain/dates.ts";
import { normalizeName } from "#app/domain/text.ts";
import { entrySearchText, userSearchText } from "#app/domain/search.ts";
import { hashPassword } from "#app/server/shared/password.server.ts";
import { CATEGORIES, CRITERIA, TIERS } from "#prisma/seed-data.ts";

export const TEST_PASSWORD = "MatKhau-Test-2021";
let cachedHash: Promise<string> | undefined;
const uid = () => randomBytes(4).toString("hex");

export interface UserOptions {
  email?: string;
  name?: string;
  phone?: string;
  password?: string;
  verified?: boolean;
  agency?: string;
  penNames?: string[];
  roles?: { role: Role; contestId?: string; categoryId?: string; roundId?: string }[];
  /**
   * Enrol in two-step sign-in with this TOTP secret. Admins must have it, so an admin gets
   * TEST_TOTP_SECRET unless `null` is passed (tests of enrolment itself).
   */
  totpSecret?: string | null;
}

export const TEST_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

function totp(o: UserOptions): { totpSecret?: string; totpEnabledAt?: Date } {
  const secret = o.totpSecret === undefined ? (o.roles?.some((r) => r.role === "ADMIN") ? TEST_TOTP_SECRET : null) : o.totpSecret;
  return secret ? { totpSecret: secret, totpEnabledAt: new Date() } : {};
}

export async function makeUser(db: Db, o: UserOptions = {}) {
  const passwordHash = o.password
    ? await hashPassword(o.password)
    : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  const email = (o.email ?? `user-${uid()}@example.test`).toLowerCase();
  const name = o.name ?? "Nguyễn Văn Thử";
  const user = await db.user.create({
    data: {
      email,
      name,
      searchText: userSearchText({ name, email }),
      phone: o.phone ?? "0912345678",
      passwordHash,
      emailVerifiedAt: o.verified === false ? null : new Date(),
      ...totp(o),
      profile: { create: { agency: o.agency ?? "", penNames: o.penNames ?? [] } },
      roleGrants: {
        create: (o.roles ?? []).map((r) => ({
          role: r.role,
          contestId: r.contestId ?? null,
          categoryId: r.categoryId ?? null,
          roundId: r.roundId ?? null,
        })),
      },
    },
  });
  return { ...user, password: o.password ?? TEST_PASSWORD };
}

export interface ContestOptions {
  slug?: string;
  phase?: ContestPhase;
  publicationStart?: IsoDate;
  publicationEnd?: IsoDate;
  deadline?: IsoDate;
  blindJudging?: boolean;
  /** Category codes to create, from print/radio/tv/online. Default: all four. */
  categories?: string[];
  /** Off unless asked: tests of other features sign organizers and judges in with a password. */
  requireTwoFactor?: boolean;
}

/** A contest with the 2021 rules unless overridden: categories, 1/1/3/5 tiers, two rounds. */
export async function makeContest(db: Db, o: ContestOptions = {}) {
  const codes = o.categories ?? CATEGORIES.map((c) => c.code);
  const contest = await db.contest.create({
    data: {
      slug: o.slug ?? `test-${uid()}`,
      nameVi: "Giải Báo chí thử nghiệm",
      nameEn: "Test press award",
      organizerName: "Ban tổ chức thử nghiệm",
      organizerEmail: "bantochuc@example.test",
      publicationStart: fromIsoDate(o.publicationStart ?? "2020-10-01"),
      publicationEnd: fromIsoDate(o.publicationEnd ?? "2021-10-01"),
      submissionDeadline: fromIsoDate(o.deadline ?? "2021-11-10"),
      phase: o.phase ?? "OPEN",
      blindJudging: o.blindJudging ?? true,
      requireTwoFactor: o.requireTwoFactor ?? false,
      categories: {
        create: CATEGORIES.filter((c) => codes.includes(c.code)).map((c, i) => ({
          ...c,
          sortOrder: i + 1,
          evidenceRules: c.evidenceRules,
          prizeTiers: { create: TIERS },
        })),
      },
      rounds: {
        create: [
          {
            position: 1,
            nameVi: "Vòng sơ khảo",
            nameEn: "Preliminary round",
            advancementRule: "TOP_N",
            advanceTopN: 20,
            minJudgesPerEntry: 2,
            judgesPerEntry: 2,
            criteria: { create: CRITERIA.map((c, i) => ({ ...c, position: i + 1 })) },
          },
          {
            position: 2,
            nameVi: "Vòng chung khảo",
            nameEn: "Final round",
            source: "ADVANCED",
            minJudgesPerEntry: 2,
            isFinal: true,
            criteria: { create: CRITERIA.map((c, i) => ({ ...c, position: i + 1 })) },
          },
        ],
      },
    },
    include: {
      categories: { include: { prizeTiers: true }, orderBy: { sortOrder: "asc" } },
      rounds: { include: { criteria: true }, orderBy: { position: "asc" } },
    },
  });
  const category = (code: string) => {
    const c = contest.categories.find((x) => x.code === code);
    if (!c) throw new Error(`No category ${code} in test contest`);
    return c;
  };
  return { ...contest, category };
}

export interface EntryOptions {
  contestId: string;
  categoryId: string;
  submitterId: string;
  status?: "DRAFT" | "SUBMITTED" | "ELIGIBLE" | "INELIGIBLE" | "WITHDRAWN";
  code?: string | null;
  title?: string;
  outlet?: string;
  parts?: { publishedOn: IsoDate; url?: string; title?: string }[];
  authors?: { fullName: string; penName?: string; agency?: string; email?: string; shareBp?: number; userId?: string }[];
  channel?: "ONLINE" | "POSTAL";
  postmarkDate?: IsoDate;
}

export async function makeEntry(db: Db, o: EntryOptions) {
  const parts: NonNullable<EntryOptions["parts"]> = o.parts ?? [{ publishedOn: "2021-03-15" }];
  const authors: NonNullable<EntryOptions["authors"]> = o.authors ?? [{ fullName: "Nguyễn Văn Thử", agency: "Báo Thử Nghiệm", shareBp: 10_000 }];
  const title = o.title ?? `Tác phẩm thử ${uid()}`;
  const outlet = o.outlet ?? "Báo Thử Nghiệm";
  return db.entry.create({
    data: {
      contestId: o.contestId,
      searchText: entrySearchText({ title, outlet, authors: authors.map((a) => ({ fullName: a.fullName, penName: a.penName ?? "", email: a.email ?? "" })), parts: parts.map((p) => ({ url: p.url ?? "" })) }),
      categoryId: o.categoryId,
      submitterId: o.submitterId,
      status: o.status ?? "SUBMITTED",
      code: o.code === undefined ? `T-${uid()}` : o.code,
      title,
      outlet,
      kind: parts.length > 1 ? "SERIES" : "SINGLE",
      channel: o.channel ?? "ONLINE",
      postmarkDate: o.postmarkDate ? fromIsoDate(o.postmarkDate) : null,
      declaredOriginal: true,
      submittedAt: (o.status ?? "SUBMITTED") === "DRAFT" ? null : new Date("2021-11-01T03:00:00Z"),
      parts: {
        create: parts.map((p, i) => ({
          position: i + 1,
          publishedOn: fromIsoDate(p.publishedOn),
          url: p.url ?? "",
          title: p.title ?? "",
        })),
      },
      authors: {
        create: authors.map((a, i) => ({
          position: i + 1,
          fullName: a.fullName,
          penName: a.penName ?? "",
          agency: a.agency ?? "",
          agencyNormalized: normalizeName(a.agency ?? ""),
          email: a.email ?? "",
          shareBp: a.shareBp ?? Math.floor(10_000 / authors.length),
          userId: a.userId ?? null,
        })),
      },
    },
    include: { parts: true, authors: true },
  });
}

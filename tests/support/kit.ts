/**
 * The one test-data kit: builders with sensible defaults (the 2021 Hải Dương rules), traits
 * for the shapes tests need (`makeContest({ rounds: 1, settings })`, `makeEntry({ series: 3,
 * authorCount: 3 })`), users by role (`makeJudge`, `makeOrganizer`), evidence files, assignments
 * and score sheets. Used by integration tests (any Db), benches and e2e set-up (through
 * tests/e2e/support/db.ts). Tests set up state through it instead of writing rows themselves.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import type { ContestPhase, Role } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { fromIsoDate, toIsoDate, type IsoDate } from "#app/domain/dates.ts";
import type { EntryForm } from "#app/domain/entry-form.ts";
import { normalizeName } from "#app/domain/text.ts";
import { entrySearchText, userSearchText } from "#app/domain/search.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";
import { hashPassword } from "#app/server/shared/password.server.ts";
import { openRound as openRoundService } from "#app/server/organizer/rounds.server.ts";
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
  const secret =
    o.totpSecret === undefined ? (o.roles?.some((r) => r.role === "ADMIN") ? TEST_TOTP_SECRET : null) : o.totpSecret;
  return secret ? { totpSecret: secret, totpEnabledAt: new Date() } : {};
}

export async function makeUser(db: Db, o: UserOptions = {}) {
  const passwordHash = o.password ? await hashPassword(o.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
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
  /** The contest's name in both languages (default: a test name in each). */
  name?: string;
  phase?: ContestPhase;
  publicationStart?: IsoDate;
  publicationEnd?: IsoDate;
  deadline?: IsoDate;
  blindJudging?: boolean;
  /** Category codes to create, from print/radio/tv/online. Default: all four. */
  categories?: string[];
  /** Off unless asked: tests of other features sign organizers and judges in with a password. */
  requireTwoFactor?: boolean;
  /**
   * Trait: 2 (default) = a preliminary round advancing the top 20 and a final round; 1 = one
   * final round (no advancement, two judges per entry), as a small contest judges at once.
   */
  rounds?: 1 | 2;
  /** Trait (two rounds): how many entries per category the preliminary round advances (default 20). */
  advanceTopN?: number;
  /** Trait: submissions open (phase OPEN, the default) or, false, still a DRAFT contest. */
  open?: boolean;
  /** Contest settings (judging rules) other than the defaults, e.g. { minReasonTie: 20 }. */
  settings?: ContestSettings;
  /** Round settings applied to every round, e.g. { scoreStep: 0.5 }. */
  roundSettings?: {
    scoreStep?: number;
    judgesSeeOtherScores?: boolean;
    onlyAssignedEntries?: boolean;
    minJudgesPerEntry?: number;
  };
}

/** The contest's judging rules a test may set (Prisma defaults otherwise). */
export type ContestSettings = Partial<{
  tieBreakRule: string;
  judgeInviteDays: number;
  minReasonConflict: number;
  minReasonOverride: number;
  minReasonRecuse: number;
  minReasonReopen: number;
  minReasonTie: number;
  minReasonIneligible: number;
  maxPartsPerEntry: number;
  maxAuthorsPerEntry: number;
  postmarkCounts: boolean;
}>;

const criteria = () => ({ create: CRITERIA.map((c, i) => ({ ...c, position: i + 1 })) });

function roundsFor(o: ContestOptions) {
  const extra = o.roundSettings ?? {};
  if (o.rounds === 1) {
    return [
      {
        position: 1,
        nameVi: "Vòng chung khảo",
        nameEn: "Final round",
        advancementRule: "NONE" as const,
        minJudgesPerEntry: 2,
        judgesPerEntry: 2,
        isFinal: true,
        ...extra,
        criteria: criteria(),
      },
    ];
  }
  return [
    {
      position: 1,
      nameVi: "Vòng sơ khảo",
      nameEn: "Preliminary round",
      advancementRule: "TOP_N" as const,
      advanceTopN: o.advanceTopN ?? 20,
      minJudgesPerEntry: 2,
      judgesPerEntry: 2,
      ...extra,
      criteria: criteria(),
    },
    {
      position: 2,
      nameVi: "Vòng chung khảo",
      nameEn: "Final round",
      source: "ADVANCED" as const,
      minJudgesPerEntry: 2,
      isFinal: true,
      ...extra,
      criteria: criteria(),
    },
  ];
}

/** A contest with the 2021 rules unless overridden: categories, 1/1/3/5 tiers, two rounds (traits: `rounds`, `open`). */
export async function makeContest(db: Db, o: ContestOptions = {}) {
  const codes = o.categories ?? CATEGORIES.map((c) => c.code);
  const contest = await db.contest.create({
    data: {
      slug: o.slug ?? `test-${uid()}`,
      nameVi: o.name ?? "Giải Báo chí thử nghiệm",
      nameEn: o.name ?? "Test press award",
      organizerName: "Ban tổ chức thử nghiệm",
      organizerEmail: "bantochuc@example.test",
      publicationStart: fromIsoDate(o.publicationStart ?? "2020-10-01"),
      publicationEnd: fromIsoDate(o.publicationEnd ?? "2021-10-01"),
      submissionDeadline: fromIsoDate(o.deadline ?? "2021-11-10"),
      phase: o.phase ?? (o.open === false ? "DRAFT" : "OPEN"),
      ...o.settings,
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
      rounds: { create: roundsFor(o) },
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
  authors?: {
    fullName: string;
    penName?: string;
    agency?: string;
    email?: string;
    shareBp?: number;
    userId?: string;
  }[];
  channel?: "ONLINE" | "POSTAL";
  /** When it was submitted (not a draft); default 01/11/2021 10:00 in Hanoi. */
  submittedAt?: Date;
  postmarkDate?: IsoDate;
  /** Trait: a series of n parts published a week apart from 2021-03-01 (instead of `parts`). */
  series?: number;
  /** Trait: n authors sharing the credit (instead of the `authors` list). */
  authorCount?: number;
}

function seriesParts(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    publishedOn: toIsoDate(new Date(Date.UTC(2021, 2, 1 + 7 * i))),
    title: `Kỳ ${i + 1}`,
  }));
}

function manyAuthors(n: number) {
  const share = Math.floor(10_000 / n);
  return Array.from({ length: n }, (_, i) => ({
    fullName: `Tác Giả Thử ${i + 1}`,
    agency: "Báo Thử Nghiệm",
    shareBp: i === 0 ? 10_000 - share * (n - 1) : share,
  }));
}

export async function makeEntry(db: Db, o: EntryOptions) {
  const parts: NonNullable<EntryOptions["parts"]> =
    o.parts ?? (o.series ? seriesParts(o.series) : [{ publishedOn: "2021-03-15" }]);
  const authors: NonNullable<EntryOptions["authors"]> =
    o.authors ??
    (o.authorCount
      ? manyAuthors(o.authorCount)
      : [{ fullName: "Nguyễn Văn Thử", agency: "Báo Thử Nghiệm", shareBp: 10_000 }]);
  const title = o.title ?? `Tác phẩm thử ${uid()}`;
  const outlet = o.outlet ?? "Báo Thử Nghiệm";
  return db.entry.create({
    data: {
      contestId: o.contestId,
      searchText: entrySearchText({
        title,
        outlet,
        authors: authors.map((a) => ({ fullName: a.fullName, penName: a.penName ?? "", email: a.email ?? "" })),
        parts: parts.map((p) => ({ url: p.url ?? "" })),
      }),
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
      submittedAt: (o.status ?? "SUBMITTED") === "DRAFT" ? null : (o.submittedAt ?? new Date("2021-11-01T03:00:00Z")),
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

// --- users by role ------------------------------------------------------------------------

/** A judge of `contestId` (all its categories and rounds unless scoped). */
export function makeJudge(
  db: Db,
  contestId: string,
  o: Omit<UserOptions, "roles"> & { categoryId?: string; roundId?: string } = {},
) {
  const { categoryId, roundId, ...rest } = o;
  return makeUser(db, { name: "Giám Khảo Thử", ...rest, roles: [{ role: "JUDGE", contestId, categoryId, roundId }] });
}

/** An organizer of `contestId`. */
export function makeOrganizer(db: Db, contestId: string, o: Omit<UserOptions, "roles"> = {}) {
  return makeUser(db, { name: "Ban Tổ Chức Thử", ...o, roles: [{ role: "ORGANIZER", contestId }] });
}

// --- evidence files -----------------------------------------------------------------------

export interface FileOptions {
  entryId: string;
  partId?: string | null;
  uploadedById?: string | null;
  originalName?: string;
  mimeType?: string;
  /** Stored under `storageDir` at the file's key when both are given (the file server reads it). */
  bytes?: Buffer;
  storageDir?: string;
  storageKey?: string;
  sizeBytes?: bigint;
  /** The app's storage (getStorage()): with `bytes`, they are put there at the file's key. */
  storage?: { put(key: string, bytes: Buffer): Promise<unknown> };
  /** Default: the bytes' real hash, or a random one without bytes. */
  sha256?: string;
}

/** One evidence file row as the upload pipeline records it; with `bytes` + `storageDir` or `storage` the bytes too. */
export async function makeFile(db: Db, o: FileOptions) {
  const storageKey = o.storageKey ?? `test/${randomBytes(8).toString("hex")}`;
  if (o.bytes && o.storageDir) {
    const target = path.join(o.storageDir, storageKey);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, o.bytes);
  }
  if (o.bytes && o.storage) await o.storage.put(storageKey, o.bytes);
  return db.storedFile.create({
    data: {
      entryId: o.entryId,
      partId: o.partId ?? null,
      storageKey,
      originalName: o.originalName ?? "bai-thu.pdf",
      mimeType: o.mimeType ?? "application/pdf",
      sizeBytes: o.sizeBytes ?? (o.bytes ? BigInt(o.bytes.length) : 1234n),
      sha256:
        o.sha256 ?? (o.bytes ? createHash("sha256").update(o.bytes).digest("hex") : randomBytes(32).toString("hex")),
      uploadedById: o.uploadedById ?? null,
    },
  });
}

// --- journalist side: drafts through the service --------------------------------------------

export function tvSeriesForm(
  categoryId: string,
  dates: string[] = ["2021-03-01", "2021-03-08", "2021-03-15"],
): EntryForm {
  return {
    categoryId,
    title: "Hải Dương vượt khó – tăng tốc",
    summary: "Loạt phóng sự về phục hồi kinh tế sau dịch.",
    outlet: "Đài PT-TH Hải Dương",
    kind: dates.length > 1 ? "SERIES" : "SINGLE",
    parts: dates.map((d, i) => ({ title: `Kỳ ${i + 1}`, publishedOn: d, url: "" })),
    authors: [
      { fullName: "Nguyễn Văn An", penName: "Văn An", agency: "Đài PT-TH Hải Dương", email: "", sharePercent: 60 },
      {
        fullName: "Trần Thị Bình",
        penName: "",
        agency: "Đài PT-TH Hải Dương",
        email: "binh@example.test",
        sharePercent: 40,
      },
    ],
    declaredOriginal: true,
    declaredOtherAward: false,
    otherAwardDetails: "",
  };
}

/** Records one evidence file per part, as if uploaded (the bytes are not needed to submit). */
export async function attachEvidence(db: Db, entryId: string, userId: string, mimeType = "video/mp4") {
  const parts = await db.entryPart.findMany({ where: { entryId }, orderBy: { position: "asc" } });
  for (const p of parts)
    await makeFile(db, { entryId, partId: p.id, uploadedById: userId, originalName: `ky-${p.position}.mp4`, mimeType });
}

/** A complete draft (saved through the service) with evidence for every part. */
export async function makeReadyDraft(
  db: Db,
  o: { contestId: string; categoryId: string; userId: string; dates?: string[] },
) {
  const { id } = await saveEntry(db, {
    userId: o.userId,
    contestId: o.contestId,
    form: tvSeriesForm(o.categoryId, o.dates),
  });
  await attachEvidence(db, id, o.userId);
  return id;
}

/**
 * A fresh contest, a journalist and their TV draft ready to submit, with the form a browser would
 * post to submit it unchanged (`payload`, carrying the draft's `version`).
 */
export async function makeSubmittableDraft(db: Db) {
  const contest = await makeContest(db);
  const user = await makeUser(db);
  const tv = contest.category("tv");
  const entryId = await makeReadyDraft(db, { contestId: contest.id, categoryId: tv.id, userId: user.id });
  const { version } = await db.entry.findUniqueOrThrow({ where: { id: entryId } });
  return { contest, user, tv, entryId, version, payload: JSON.stringify({ ...tvSeriesForm(tv.id), version }) };
}

// --- judging: assignments, score sheets, opening a round ----------------------------------

export async function assign(db: Db, roundId: string, entryIds: string[], judgeIds: string[]) {
  await db.assignment.createMany({
    data: entryIds.flatMap((entryId) => judgeIds.map((judgeId) => ({ roundId, entryId, judgeId }))),
    skipDuplicates: true,
  });
}

/** A score sheet: `values` by criterion position (1, 2, 3 …). */
export async function makeScore(
  db: Db,
  o: {
    roundId: string;
    entryId: string;
    judgeId: string;
    values: number[];
    status?: "DRAFT" | "SUBMITTED";
    comment?: string;
  },
) {
  const criteria = await db.criterion.findMany({ where: { roundId: o.roundId }, orderBy: { position: "asc" } });
  if (criteria.length < o.values.length) throw new Error("more values than criteria");
  const status = o.status ?? "SUBMITTED";
  return db.score.create({
    data: {
      roundId: o.roundId,
      entryId: o.entryId,
      judgeId: o.judgeId,
      status,
      comment: o.comment ?? "",
      submittedAt: status === "SUBMITTED" ? new Date("2021-12-01T03:00:00Z") : null,
      values: { create: o.values.map((value, i) => ({ criterionId: criteria[i]!.id, value })) },
    },
  });
}

/** Splits a total (≤ 100) over the seed rubric 40/30/30 so that the sheet adds up to it. */
export function sheetFor(total: number): number[] {
  const a = Math.min(40, total);
  const b = Math.min(30, total - a);
  return [a, b, total - a - b];
}

/**
 * Opens a round the way the organizer's button does: through the service, with its checks
 * (contest in JUDGING, earlier rounds closed, assignments exist), audit event and judges'
 * mails. Tests never write a round's status themselves.
 */
export async function openRound(db: Db, roundId: string, actorId: string | null = null) {
  const round = await db.round.findUniqueOrThrow({ where: { id: roundId }, select: { contestId: true } });
  return openRoundService(db, { contestId: round.contestId, roundId, actorId });
}

// --- scenarios ----------------------------------------------------------------------------

/** Names that must never reach a judge of a blind contest. */
export const SECRET_AUTHORS = [
  { fullName: "Lã Thị Bí Ẩn", penName: "Sương Mờ", agency: "Báo Kín Tiếng" },
  { fullName: "Kiều Văn Giấu Tên", penName: "Gió Bấc", agency: "Đài Vô Danh" },
  { fullName: "Ông Ích Mật", penName: "Mây Trắng", agency: "Tạp chí Ẩn Mình" },
];

/**
 * A blind contest in judging with one category, one final round still PENDING, three eligible
 * entries (the first with a real PDF named after its author, stored under `storageDir`) and two
 * judges assigned to all of them. For e2e tests, what they do not exercise (contest and round
 * set-up, which contest-setup and the rehearsal do through the UI; submission, eligibility,
 * judge invitations, assignment generation, the stored evidence file); opening the round and
 * any round setting a test depends on are user steps, done through the organizer's pages.
 */
export async function makeJudgingScenario(
  db: Db,
  o: { storageDir: string; pdf: Buffer; settings?: ContestSettings; roundSettings?: ContestOptions["roundSettings"] },
) {
  const suffix = `${Date.now().toString(36)}${uid()}`;
  // An older deadline than the demo keeps the demo contest in the site header for other tests.
  const contest = await makeContest(db, {
    slug: `giai-e2e-${suffix}`,
    phase: "JUDGING",
    categories: ["print"],
    rounds: 1,
    settings: o.settings,
    roundSettings: o.roundSettings,
    publicationStart: "2019-10-01",
    publicationEnd: "2020-10-01",
    deadline: "2020-11-10",
  });
  const round = contest.rounds[0]!;
  const judges = [
    await makeJudge(db, contest.id, { email: `gk1-${suffix}@example.test`, name: "Giám Khảo E2E Một" }),
    await makeJudge(db, contest.id, { email: `gk2-${suffix}@example.test`, name: "Giám Khảo E2E Hai" }),
  ];
  const organizer = await makeOrganizer(db, contest.id, {
    email: `btc-${suffix}@example.test`,
    name: "Ban Tổ Chức E2E",
  });
  const entries = [];
  for (const [i, a] of SECRET_AUTHORS.entries()) {
    const submitter = await makeUser(db, {
      email: `tacgia${i}-${suffix}@example.test`,
      name: a.fullName,
      penNames: [a.penName],
      agency: a.agency,
    });
    entries.push(
      await makeEntry(db, {
        contestId: contest.id,
        categoryId: contest.category("print").id,
        submitterId: submitter.id,
        status: "ELIGIBLE",
        code: `BI-00${i + 1}`,
        title: ["Dòng sông quê hương", "Những người giữ rừng", "Phố cổ vào xuân"][i],
        outlet: "Báo Thử Nghiệm",
        parts: [{ publishedOn: `2020-03-0${i + 1}`, url: `https://example.test/bai-${i + 1}` }],
        authors: [{ ...a, email: submitter.email, shareBp: 10_000, userId: submitter.id }],
      }),
    );
  }
  // A real PDF in the server's storage, with a file name that gives the author away.
  const file = await makeFile(db, {
    entryId: entries[0]!.id,
    partId: entries[0]!.parts[0]!.id,
    storageKey: `e2e/${suffix}.pdf`,
    storageDir: o.storageDir,
    bytes: o.pdf,
    originalName: "La-Thi-Bi-An-Suong-Mo.pdf",
    mimeType: "application/pdf",
  });
  await assign(
    db,
    round.id,
    entries.map((e) => e.id),
    judges.map((j) => j.id),
  );
  return { contest, round, judges, organizer, entries, file };
}

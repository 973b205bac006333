/**
 * The demo: the 2021 Hải Dương provincial press award exactly as ../shared/CONTEST.md states it,
 * with demo accounts and example entries. Every address uses the reserved `.test` domain; the
 * real organizer address is only displayed as the contest contact and never mailed.
 */
import type { Db } from "#app/server/shared/db.server.ts";
import { fromIsoDate } from "#app/domain/dates.ts";
import { formatEntryCode } from "#app/domain/entry-code.ts";
import { GiB, MiB, type EvidenceRule } from "#app/domain/evidence.ts";
import { normalizeName } from "#app/domain/text.ts";
import { entrySearchText, userSearchText } from "#app/domain/search.ts";
import { hashPassword } from "#app/server/shared/password.server.ts";

export const DEMO_SLUG = "hai-duong-2021";
export const DEMO_PASSWORD = "GiaiBaoChi@2021";
export const DEMO_DOMAIN = "giaibaochi.test";
/**
 * Demo only: the admin must sign in with a second factor, so the demo admin comes enrolled with
 * this published TOTP secret (add it to an authenticator app, or compute codes from it in
 * tests). A real deployment creates its own admin, who enrols with a secret of their own.
 */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPGIAIBAOCHIDEMO22";

const pdf = ["application/pdf"];
const images = ["image/jpeg", "image/png"];

export const CATEGORIES: {
  code: string;
  nameVi: string;
  nameEn: string;
  codePrefix: string;
  urlRequired: boolean;
  evidenceRules: EvidenceRule[];
}[] = [
  {
    code: "print",
    nameVi: "Báo in",
    nameEn: "Print",
    codePrefix: "BI",
    urlRequired: false,
    evidenceRules: [
      { kind: "document", mimeTypes: pdf, maxBytes: 100 * MiB },
      { kind: "image", mimeTypes: images, maxBytes: 50 * MiB },
    ],
  },
  {
    code: "radio",
    nameVi: "Báo nói",
    nameEn: "Radio",
    codePrefix: "BN",
    urlRequired: false,
    evidenceRules: [
      {
        kind: "audio",
        mimeTypes: ["audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/wav", "audio/x-wav"],
        maxBytes: 500 * MiB,
      },
    ],
  },
  {
    code: "tv",
    nameVi: "Báo hình",
    nameEn: "Television",
    codePrefix: "BH",
    urlRequired: false,
    evidenceRules: [{ kind: "video", mimeTypes: ["video/mp4", "video/quicktime", "video/webm"], maxBytes: 2 * GiB }],
  },
  {
    code: "online",
    nameVi: "Báo điện tử",
    nameEn: "Online",
    codePrefix: "DT",
    urlRequired: true,
    evidenceRules: [
      { kind: "document", mimeTypes: pdf, maxBytes: 100 * MiB },
      { kind: "image", mimeTypes: ["image/png"], maxBytes: 50 * MiB },
    ],
  },
];

export const TIERS = [
  { position: 1, nameVi: "Giải Nhất", nameEn: "First prize", count: 1, amount: 30_000_000 },
  { position: 2, nameVi: "Giải Nhì", nameEn: "Second prize", count: 1, amount: 20_000_000 },
  { position: 3, nameVi: "Giải Ba", nameEn: "Third prize", count: 3, amount: 10_000_000 },
  { position: 4, nameVi: "Giải Khuyến khích", nameEn: "Encouragement prize", count: 5, amount: 2_000_000 },
];

export const CRITERIA = [
  { nameVi: "Nội dung, tư tưởng", nameEn: "Content and message", maxPoints: 40 },
  { nameVi: "Hình thức thể hiện", nameEn: "Form and craft", maxPoints: 30 },
  { nameVi: "Tính sáng tạo, hiệu quả xã hội", nameEn: "Originality and impact", maxPoints: 30 },
];

const email = (local: string) => `${local}@${DEMO_DOMAIN}`;

/** Press agencies of the demo contest, with the short names and other names people type. */
export const DEMO_AGENCIES = [
  {
    name: "Đài Phát thanh và Truyền hình Hải Dương",
    shortNames: ["Đài PT-TH Hải Dương", "Đài PTTH Hải Dương"],
    aliases: ["Đài Phát thanh - Truyền hình tỉnh Hải Dương", "HDTV"],
  },
  { name: "Báo Hải Dương", shortNames: ["Báo HD"], aliases: ["Báo tỉnh Hải Dương"] },
  { name: "Báo điện tử Hải Dương", shortNames: [], aliases: ["baohaiduong.vn"] },
  { name: "Hội Nhà báo tỉnh Hải Dương", shortNames: ["Hội Nhà báo Hải Dương"], aliases: [] },
];

export const DEMO_USERS = {
  admin: email("quantri"),
  organizer: email("bantochuc"),
  judges: [email("giamkhao1"), email("giamkhao2"), email("giamkhao3"), email("giamkhao4")],
  journalists: [email("phongvien1"), email("phongvien2"), email("phongvien3"), email("phongvien4")],
};

/** Seeds the demo contest and accounts. Returns false (and does nothing) when it exists. */
export async function seedDemo(db: Db): Promise<boolean> {
  if (await db.contest.findUnique({ where: { slug: DEMO_SLUG } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const verified = new Date("2021-01-15T02:00:00Z");

  await db.$transaction(
    async (tx) => {
      const contest = await tx.contest.create({
        data: {
          slug: DEMO_SLUG,
          nameVi: "Giải Báo chí tuyên truyền thực hiện Nghị quyết Đại hội Đảng bộ tỉnh Hải Dương lần thứ XVII năm 2021",
          nameEn: "2021 Press Award for promoting the Resolution of the 17th Hải Dương Provincial Party Congress",
          themeVi: "Hải Dương vượt khó – tăng tốc",
          themeEn: "Hải Dương overcomes difficulties and accelerates",
          descriptionVi:
            "Giải do Sở Thông tin và Truyền thông tỉnh Hải Dương phát động, gồm 4 nhóm giải tương ứng với 4 loại hình báo chí.",
          descriptionEn:
            "Launched by the Hải Dương Department of Information and Communications, with four prize groups, one per medium.",
          organizerName: "Sở Thông tin và Truyền thông tỉnh Hải Dương",
          organizerUnit: "Phòng Thông tin – Báo chí – Xuất bản",
          organizerAddress: "Số 199 Nguyễn Lương Bằng, phường Tân Bình, thành phố Hải Dương, tỉnh Hải Dương",
          organizerPhone: "0220.3897357",
          organizerEmail: "nguyentrongthang@haiduong.gov.vn",
          documentPlace: "Hải Dương",
          publicationStart: fromIsoDate("2020-10-01"),
          publicationEnd: fromIsoDate("2021-10-01"),
          submissionDeadline: fromIsoDate("2021-11-10"),
          timeZone: "Asia/Ho_Chi_Minh",
          postmarkCounts: true,
          phase: "CLOSED",
          blindJudging: true,
          maxPartsPerEntry: 5,
          maxAuthorsPerEntry: 5,
          // Off for the demo so its organizer and judges sign in with a password only (the demo
          // and the e2e journeys); new contests default to on.
          requireTwoFactor: false,
        },
      });

      const categories = [];
      for (const [i, c] of CATEGORIES.entries()) {
        categories.push(
          await tx.category.create({
            data: {
              contestId: contest.id,
              ...c,
              sortOrder: i + 1,
              evidenceRules: c.evidenceRules,
              prizeTiers: { create: TIERS },
            },
          }),
        );
      }

      const rounds = [
        {
          position: 1,
          nameVi: "Vòng sơ khảo",
          nameEn: "Preliminary round",
          source: "ALL_ELIGIBLE" as const,
          advancementRule: "TOP_N" as const,
          advanceTopN: 20,
          minJudgesPerEntry: 2,
          judgesPerEntry: 2,
        },
        {
          position: 2,
          nameVi: "Vòng chung khảo",
          nameEn: "Final round",
          source: "ADVANCED" as const,
          advancementRule: "NONE" as const,
          minJudgesPerEntry: 3,
          isFinal: true,
        },
      ];
      for (const r of rounds) {
        await tx.round.create({
          data: {
            contestId: contest.id,
            ...r,
            criteria: { create: CRITERIA.map((c, i) => ({ ...c, position: i + 1 })) },
          },
        });
      }

      const mkUser = (addr: string, name: string, extra: { phone?: string } = {}) =>
        tx.user.create({
          data: {
            email: addr,
            name,
            searchText: userSearchText({ name, email: addr }),
            phone: extra.phone ?? "",
            passwordHash,
            emailVerifiedAt: verified,
            consents: { create: { textVersion: "2023-07-01", acceptedAt: verified } },
          },
        });

      const admin = await mkUser(DEMO_USERS.admin, "Quản trị hệ thống");
      await tx.roleGrant.create({ data: { userId: admin.id, role: "ADMIN" } });
      await tx.user.update({
        where: { id: admin.id },
        data: { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: verified },
      });
      const organizer = await mkUser(DEMO_USERS.organizer, "Nguyễn Văn Tổ Chức");
      await tx.roleGrant.create({
        data: { userId: organizer.id, role: "ORGANIZER", contestId: contest.id, grantedById: admin.id },
      });
      // The contest's press agencies: "Đài PT-TH Hải Dương" (a judge's profile) and "Đài Phát
      // thanh và Truyền hình Hải Dương" (two journalists') are one agency for conflict detection.
      await tx.pressAgency.createMany({
        data: DEMO_AGENCIES.map((a) => ({
          contestId: contest.id,
          name: a.name,
          shortNames: a.shortNames,
          aliases: a.aliases,
        })),
      });
      const judgeNames = ["Trần Thị Giám Khảo", "Lê Văn Thẩm Định", "Phạm Thị Bình Xét", "Hoàng Văn Chấm"];
      const judgeAgencies = [
        "Hội Nhà báo tỉnh Hải Dương",
        "Trường Đại học Hải Dương",
        "Báo Hải Dương",
        "Đài PT-TH Hải Dương",
      ];
      for (const [i, addr] of DEMO_USERS.judges.entries()) {
        const judge = await mkUser(addr, judgeNames[i]!);
        await tx.profile.create({ data: { userId: judge.id, agency: judgeAgencies[i]! } });
        await tx.roleGrant.create({
          data: { userId: judge.id, role: "JUDGE", contestId: contest.id, grantedById: organizer.id },
        });
      }

      const journalists = [
        { name: "Nguyễn Thị Hồng", pen: "Hồng Nhung", agency: "Báo Hải Dương", phone: "0912000001" },
        {
          name: "Trần Văn Minh",
          pen: "Minh Trần",
          agency: "Đài Phát thanh và Truyền hình Hải Dương",
          phone: "0912000002",
        },
        { name: "Phạm Thu Hà", pen: "Thu Hà", agency: "Báo điện tử Hải Dương", phone: "0912000003" },
        { name: "Vũ Đức Anh", pen: "Đức Anh", agency: "Đài Phát thanh và Truyền hình Hải Dương", phone: "0912000004" },
      ];
      const users = [];
      for (const [i, j] of journalists.entries()) {
        const u = await mkUser(DEMO_USERS.journalists[i]!, j.name, { phone: j.phone });
        await tx.profile.create({ data: { userId: u.id, penNames: [j.pen], agency: j.agency } });
        users.push({ ...u, ...j });
      }

      const byCode = Object.fromEntries(categories.map((c) => [c.code, c]));
      const examples = [
        {
          cat: "print",
          who: 0,
          title: "Hải Dương vượt khó giữa đại dịch",
          outlet: "Báo Hải Dương",
          parts: ["2021-02-20"],
          submitted: "2021-11-02T03:00:00Z",
        },
        {
          cat: "tv",
          who: 1,
          title: "Loạt phóng sự: Vùng vải Thanh Hà vào vụ",
          outlet: "Kênh HDTV",
          parts: ["2021-06-01", "2021-06-08", "2021-06-15"],
          submitted: "2021-11-09T09:30:00Z",
        },
        {
          cat: "online",
          who: 2,
          title: "Chuyển đổi số ở xã nông thôn mới",
          outlet: "baohaiduong.vn",
          parts: ["2021-09-30"],
          submitted: "2021-11-10T15:45:00Z",
          url: "https://baohaiduong.vn/vi-du/chuyen-doi-so",
        },
        {
          cat: "radio",
          who: 3,
          title: "Tiếng nói từ tuyến đầu chống dịch",
          outlet: "Đài PT-TH Hải Dương – Kênh phát thanh",
          parts: ["2021-03-05"],
          submitted: "2021-11-05T01:20:00Z",
        },
        {
          cat: "print",
          who: 0,
          title: "Bản nháp: Người giữ nghề gốm Cậy",
          outlet: "Báo Hải Dương",
          parts: ["2021-08-12"],
          submitted: null,
        },
      ];
      for (const ex of examples) {
        const cat = byCode[ex.cat]!;
        const author = users[ex.who]!;
        let code: string | null = null;
        if (ex.submitted) {
          const updated = await tx.category.update({
            where: { id: cat.id },
            data: { entrySeq: { increment: 1 } },
          });
          code = formatEntryCode(cat.codePrefix, updated.entrySeq);
        }
        await tx.entry.create({
          data: {
            contestId: contest.id,
            categoryId: cat.id,
            code,
            title: ex.title,
            outlet: ex.outlet,
            summary: "Tác phẩm mẫu của bản demo.",
            searchText: entrySearchText({
              title: ex.title,
              outlet: ex.outlet,
              authors: [{ fullName: author.name, penName: author.pen, email: author.email }],
              parts: ex.parts.map(() => ({ url: ex.url ?? "" })),
            }),
            kind: ex.parts.length > 1 ? "SERIES" : "SINGLE",
            status: ex.submitted ? "SUBMITTED" : "DRAFT",
            submitterId: author.id,
            declaredOriginal: true,
            submittedAt: ex.submitted ? new Date(ex.submitted) : null,
            parts: {
              create: ex.parts.map((d, i) => ({
                position: i + 1,
                title: ex.parts.length > 1 ? `Kỳ ${i + 1}` : "",
                publishedOn: fromIsoDate(d),
                url: ex.url ?? "",
              })),
            },
            authors: {
              create: [
                {
                  position: 1,
                  userId: author.id,
                  fullName: author.name,
                  penName: author.pen,
                  agency: author.agency,
                  agencyNormalized: normalizeName(author.agency),
                  email: author.email,
                  shareBp: 10_000,
                },
              ],
            },
          },
        });
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return true;
}

/**
 * Issue 12: the organizer's downloads read as the organizer reads the screen: labels instead of
 * codes (SINGLE, ONLINE, ELIGIBLE, missing_evidence), instants as local dd/mm/yyyy HH:mm in the
 * contest's zone, and headers in the organizer's language. Files are fetched through the route
 * with a signed-in organizer and opened as a spreadsheet program would.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeUser } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

describe(`organizer exports in the organizer's language on ${testEngine}`, () => {
  let t: TestDb;
  let cookie: string;
  let slug: string;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    const contest = await makeContest(t.db, { categories: ["print", "online"] });
    slug = contest.slug;
    const organizer = await makeUser(t.db, { roles: [{ role: "ORGANIZER", contestId: contest.id }] });
    cookie = await sessionCookie(t.db, organizer.id);
    const j = await makeUser(t.db, { name: "Phạm Thu Hà" });
    const e = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: contest.category("online").id,
      submitterId: j.id,
      code: "DT-001",
      title: "Chuyển đổi số",
      status: "ELIGIBLE",
      authors: [{ fullName: "Phạm Thu Hà", penName: "Thu Hà", agency: "Báo điện tử Hải Dương", shareBp: 10_000 }],
    });
    // 16:30 UTC on 10/11 is 23:30 the same day in Hà Nội; 17:05 UTC is already 00:05 on 11/11.
    await t.db.entry.update({
      where: { id: e.id },
      data: { submittedAt: new Date("2021-11-10T17:05:00Z"), flags: ["missing_evidence", "late_submission"] },
    });
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  async function download(file: string, lng: "vi" | "en") {
    const route = await import("#app/routes/organizer.$slug.export.$file.ts");
    const res = await route.loader({
      request: new Request(`http://localhost/organizer/${slug}/export/${file}`, {
        headers: { Cookie: `${cookie}; lng=${lng}` },
      }),
      params: { slug, file },
      context: {},
    });
    expect((res as Response).status).toBe(200);
    return res as Response;
  }
  const csvRows = async (file: string, lng: "vi" | "en") =>
    parse((await (await download(file, lng)).text()).replace(/^\ufeff/, ""), { columns: true }) as Record<
      string,
      string
    >[];

  it("entries.csv in Vietnamese: Vietnamese headers, labels and local time", async () => {
    const [row, more] = await csvRows("entries.csv", "vi");
    expect(more).toBeUndefined();
    expect(row).toMatchObject({
      Mã: "DT-001",
      "Nhóm giải": "Báo điện tử",
      Loại: "Tác phẩm đơn",
      "Kênh nộp": "Trực tuyến",
      "Trạng thái": "Đủ điều kiện",
      "Cảnh báo": "Thiếu tệp minh chứng; Nộp sau hạn",
      "Thời điểm nộp": "11/11/2021 00:05",
    });
    const text = Object.values(row!).join(" ");
    for (const raw of ["SINGLE", "ONLINE", "ELIGIBLE", "missing_evidence", "2021-11-10T"])
      expect(text).not.toContain(raw);
  });

  it("entries.csv and authors.csv in English", async () => {
    const [row] = await csvRows("entries.csv", "en");
    expect(row).toMatchObject({
      Code: "DT-001",
      Kind: "Single work",
      Submitted: "Online",
      Status: "Eligible",
      Warnings: "Evidence file missing; Submitted after the deadline",
      "Submitted at": "11/11/2021 00:05",
    });
    const [author] = await csvRows("authors.csv", "en");
    expect(author).toMatchObject({
      "Entry code": "DT-001",
      "Full name": "Phạm Thu Hà",
      "Pen name": "Thu Hà",
      "Press agency": "Báo điện tử Hải Dương",
      "Prize share (%)": "100",
    });
  });

  it("entries.xlsx: sheet names, headers and the row in the organizer's language", async () => {
    for (const [lng, sheets, cells] of [
      [
        "vi",
        ["Tác phẩm", "Tác giả"],
        {
          Loại: "Tác phẩm đơn",
          "Kênh nộp": "Trực tuyến",
          "Trạng thái": "Đủ điều kiện",
          "Thời điểm nộp": "11/11/2021 00:05",
        },
      ],
      [
        "en",
        ["Entries", "Authors"],
        { Kind: "Single work", Submitted: "Online", Status: "Eligible", "Submitted at": "11/11/2021 00:05" },
      ],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      // exceljs types its input as its own Buffer interface; Node's Buffer is what it reads.
      await wb.xlsx.load(
        Buffer.from(await (await download("entries.xlsx", lng)).arrayBuffer()) as unknown as ArrayBuffer,
      );
      expect(wb.worksheets.map((w) => w.name)).toEqual(sheets);
      const ws = wb.worksheets[0]!;
      const headers = (ws.getRow(1).values as string[]).slice(1);
      const values = (ws.getRow(2).values as string[]).slice(1);
      const row = Object.fromEntries(headers.map((h, i) => [h, values[i]]));
      expect(row).toMatchObject(cells);
    }
  });
});

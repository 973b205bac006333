/**
 * Decree 13/2023/NĐ-CP rights through the real routes: a person downloads all their data (a zip
 * with data.json and their files, byte for byte), and an erasure request removes drafts and the
 * account's personal details, keeps submitted and awarded entries (with the name only where a
 * prize was awarded), and is audited without personal data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_TEXT_VERSION } from "#app/domain/account-schemas.ts";
import { localStorage, setStorage, type Storage } from "#app/server/shared/storage.server.ts";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeEntry, makeFile, makeUser, TEST_PASSWORD } from "#tests/support/kit.ts";
import { formRequest, releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
const args = (request: Request): Args => ({ request, params: {}, context: {} });
const exportRoute = () => import("#app/routes/account.data-export.ts");
const privacyRoute = () => import("#app/routes/account.privacy.tsx");

async function settle(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe(`personal data on ${testEngine}`, () => {
  let t: TestDb;
  let dir: string;
  let storage: Storage;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-pd-"));
    storage = localStorage(dir);
    setStorage(storage);
  });
  afterAll(async () => {
    setStorage(null);
    releaseTestDbForRoutes();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function fixture() {
    const contest = await makeContest(t.db, { categories: ["print"] });
    const cat = contest.category("print");
    const me = await makeUser(t.db, {
      email: `nhabao-${Date.now()}@example.test`,
      name: "Trần Thị Riêng Tư",
      phone: "0987654321",
      penNames: ["Bút Danh Kín"],
      agency: "Báo Hải Dương",
    });
    await t.db.consent.create({ data: { userId: me.id, textVersion: CONSENT_TEXT_VERSION, ip: "10.9.8.7" } });
    const author = {
      fullName: me.name,
      penName: "Bút Danh Kín",
      agency: "Báo Hải Dương",
      email: me.email,
      shareBp: 10_000,
      userId: me.id,
    };
    const draft = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: cat.id,
      submitterId: me.id,
      status: "DRAFT",
      code: null,
      title: "Bản nháp riêng",
      authors: [author],
    });
    const submitted = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: cat.id,
      submitterId: me.id,
      status: "ELIGIBLE",
      code: "BI-001",
      title: "Tác phẩm đã nộp",
      authors: [author],
    });
    const awarded = await makeEntry(t.db, {
      contestId: contest.id,
      categoryId: cat.id,
      submitterId: me.id,
      status: "ELIGIBLE",
      code: "BI-002",
      title: "Tác phẩm đoạt giải",
      authors: [author],
    });
    const tier = cat.prizeTiers.find((p) => p.position === 1)!;
    await t.db.award.create({
      data: { contestId: contest.id, categoryId: cat.id, tierId: tier.id, entryId: awarded.id, amount: tier.amount },
    });
    const bytes = {
      draft: Buffer.from("%PDF-1.4 ban nhap " + "x".repeat(5000)),
      submitted: Buffer.from("%PDF-1.4 da nop " + "y".repeat(70_000)),
    };
    const files: Record<string, { id: string; storageKey: string }> = {};
    for (const [name, entry] of [
      ["draft", draft],
      ["submitted", submitted],
    ] as const) {
      const key = `entries/${entry.id}/${name}`;
      files[name] = await makeFile(t.db, {
        entryId: entry.id,
        storage,
        storageKey: key,
        bytes: bytes[name],
        originalName: `${name}.pdf`,
        uploadedById: me.id,
      });
    }
    return { contest, me, draft, submitted, awarded, bytes, files };
  }

  it("downloads everything about the person as a zip: data.json and their files, byte-identical", async () => {
    const f = await fixture();
    const cookie = await sessionCookie(t.db, f.me.id);
    const res = (await (
      await exportRoute()
    ).loader(args(new Request("http://localhost/account/data-export", { headers: { Cookie: cookie } })))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(await zip.file("data.json")!.async("string"));
    expect(data.account).toMatchObject({ email: f.me.email, name: "Trần Thị Riêng Tư", phone: "0987654321" });
    expect(data.profile).toMatchObject({ penNames: ["Bút Danh Kín"], agency: "Báo Hải Dương" });
    expect(data.consents).toEqual([expect.objectContaining({ textVersion: CONSENT_TEXT_VERSION, ip: "10.9.8.7" })]);
    expect(data.entries.map((e: { title: string }) => e.title).sort()).toEqual([
      "Bản nháp riêng",
      "Tác phẩm đoạt giải",
      "Tác phẩm đã nộp",
    ]);
    expect(data.entries.find((e: { code: string }) => e.code === "BI-002").award).toMatchObject({ tier: "Giải Nhất" });
    expect(data.sessions.length).toBeGreaterThan(0);
    // No secrets in it.
    expect(JSON.stringify(data)).not.toMatch(/argon2|passwordHash|totpSecret/);
    for (const name of ["draft", "submitted"] as const) {
      const entry = data.entries
        .flatMap((e: { files: { id: string; zipPath: string }[] }) => e.files)
        .find((x: { id: string }) => x.id === f.files[name]!.id);
      const inZip = await zip.file(entry.zipPath)!.async("nodebuffer");
      expect(inZip.equals(f.bytes[name])).toBe(true);
    }
    // Signed-out visitors get the login page, not someone's data.
    const anon = (await settle(
      (await exportRoute()).loader(args(new Request("http://localhost/account/data-export"))),
    )) as Response;
    expect(anon.status).toBe(302);
  });

  it("erases on request: drafts and personal details go, the contest record stays, the name only on the awarded entry", async () => {
    const f = await fixture();
    const cookie = await sessionCookie(t.db, f.me.id);
    const wrong = await settle(
      (await privacyRoute()).action(
        args(formRequest("/account/privacy", cookie, { intent: "erase", password: "sai" })),
      ),
    );
    expect((wrong as { init: { status: number } }).init.status).toBe(400);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: f.me.id } })).erasedAt).toBeNull();

    const done = (await settle(
      (await privacyRoute()).action(
        args(formRequest("/account/privacy", cookie, { intent: "erase", password: TEST_PASSWORD })),
      ),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Set-Cookie")).toMatch(/gbc_session=;/);

    // Drafts and their files are gone, bytes included.
    expect(await t.db.entry.findUnique({ where: { id: f.draft.id } })).toBeNull();
    expect(await t.db.storedFile.findUnique({ where: { id: f.files.draft!.id } })).toBeNull();
    expect(await storage.stat(f.files.draft!.storageKey)).toBeNull();
    // Submitted and awarded entries stay, with their files.
    expect(await t.db.entry.count({ where: { id: { in: [f.submitted.id, f.awarded.id] } } })).toBe(2);
    expect(await storage.stat(f.files.submitted!.storageKey)).toEqual({ size: f.bytes.submitted.length });
    // The name stays only where published results need it: on the awarded entry.
    const awardedAuthor = await t.db.entryAuthor.findFirstOrThrow({ where: { entryId: f.awarded.id } });
    expect(awardedAuthor).toMatchObject({
      fullName: "Trần Thị Riêng Tư",
      penName: "Bút Danh Kín",
      email: "",
      userId: null,
    });
    const keptAuthor = await t.db.entryAuthor.findFirstOrThrow({ where: { entryId: f.submitted.id } });
    expect(keptAuthor).toMatchObject({
      fullName: "(tác giả đã yêu cầu xoá dữ liệu)",
      penName: "",
      email: "",
      userId: null,
    });
    // The account says nothing about the person any more and cannot be used.
    const u = await t.db.user.findUniqueOrThrow({ where: { id: f.me.id }, include: { profile: true, sessions: true } });
    expect(u).toMatchObject({ name: "", phone: "", passwordHash: null, profile: null, sessions: [] });
    expect(u.email).not.toContain("nhabao");
    expect(u.disabledAt).not.toBeNull();
    expect(u.erasedAt).not.toBeNull();
    // The same address can register again later (it is free).
    expect(await t.db.user.findUnique({ where: { email: f.me.email } })).toBeNull();

    // Audited, without personal data.
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.erasure", targetId: f.me.id } });
    expect(event.after).toEqual({ draftsRemoved: 1, entriesKept: 2, namesKept: 1 });
    const text = JSON.stringify(event, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const personal of [f.me.email, "Trần Thị Riêng Tư", "0987654321", "Bút Danh Kín"])
      expect(text).not.toContain(personal);
  });

  it("refuses an admin's own erasure, changing nothing", async () => {
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const cookie = await sessionCookie(t.db, admin.id);
    const r = await settle(
      (await privacyRoute()).action(
        args(formRequest("/account/privacy", cookie, { intent: "erase", password: TEST_PASSWORD })),
      ),
    );
    expect((r as { data: { error: string } }).data.error).toBe("privacy:eraseRefusedAdmin");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).email).toBe(admin.email);
  });
});

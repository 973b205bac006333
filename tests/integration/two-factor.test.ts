/**
 * Two-step sign-in (TOTP) through the real routes: enrolment with a QR code and hashed recovery
 * codes; the code step after the password, once per code, rate-limited; required for admins and
 * for organizers/judges of a contest that requires it (default for new contests); an admin's
 * reset, audited.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generate } from "otplib";
import { setNow } from "#app/server/shared/clock.server.ts";
import { createContest } from "#app/server/organizer/contests.server.ts";
import { testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser, TEST_PASSWORD, TEST_TOTP_SECRET } from "#tests/support/kit.ts";
import { formRequest, sessionCookie, withRouteTestDb } from "#tests/support/organizer.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
const args = (request: Request, params: Record<string, string> = {}): Args => ({ request, params, context: {} });

const login = () => import("#app/routes/login.tsx");
const codeStep = () => import("#app/routes/login_.two-factor.tsx");
const enrolPage = () => import("#app/routes/account.two-factor.tsx");
const adminPage = () => import("#app/routes/admin._index.tsx");
const organizerHome = () => import("#app/routes/organizer.$slug._index.tsx");
const judgeHome = () => import("#app/routes/judge._index.tsx");

async function settle(p: Promise<unknown>): Promise<Response | unknown> {
  try {
    return await p;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);
const codeAt = (secret: string, iso: string) => generate({ secret, epoch: Math.floor(new Date(iso).getTime() / 1000) });
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200);
const dataOf = <T>(r: unknown) => ((r as { data?: T }).data ?? r) as T;

describe(`two-step sign-in on ${testEngine}`, () => {
  let t: TestDb;
  withRouteTestDb((db) => (t = db));

  async function passwordStep(email: string, password = TEST_PASSWORD, redirectTo = "") {
    const res = (await settle(
      (await login()).action(args(formRequest("/login", "", { email, password, redirectTo }))),
    )) as Response;
    return res;
  }

  it("enrols a journalist: QR code, a first code, ten hashed recovery codes; then sign-in asks for a code once per code", async () => {
    setNow("2026-12-01T08:00:00Z");
    const u = await makeUser(t.db, { email: "phongvien-2fa@example.test" });
    const cookie = await sessionCookie(t.db, u.id);

    // The page offers a QR code (an SVG of an otpauth:// URI) and the key for manual entry.
    const page = (await (
      await enrolPage()
    ).loader(args(new Request("http://localhost/account/two-factor", { headers: { Cookie: cookie } })))) as {
      enrolment: { secret: string; qrSvg: string } | null;
      status: { enabled: boolean };
      required: boolean;
    };
    expect(page.status.enabled).toBe(false);
    expect(page.required).toBe(false);
    expect(page.enrolment?.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const secret = page.enrolment!.secret;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // Reloading keeps the same secret (a QR scanned in one tab stays valid).
    const again = (await (
      await enrolPage()
    ).loader(args(new Request("http://localhost/account/two-factor", { headers: { Cookie: cookie } })))) as typeof page;
    expect(again.enrolment!.secret).toBe(secret);

    // A wrong code does not enrol.
    const wrong = await settle(
      (await enrolPage()).action(
        args(formRequest("/account/two-factor", cookie, { intent: "enable", code: "000000" })),
      ),
    );
    expect(statusOf(wrong)).toBe(400);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();

    const ok = await (
      await enrolPage()
    ).action(
      args(
        formRequest("/account/two-factor", cookie, {
          intent: "enable",
          code: await codeAt(secret, "2026-12-01T08:00:00Z"),
        }),
      ),
    );
    const codes = dataOf<{ ok: boolean; recoveryCodes: string[] }>(ok).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Stored only as hashes.
    const stored = await t.db.recoveryCode.findMany({ where: { userId: u.id } });
    expect(stored.map((r) => r.codeHash).sort()).toEqual(
      codes.map((c) => createHash("sha256").update(c.replace("-", "")).digest("hex")).sort(),
    );
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.slice(0, 5));
    expect(await t.db.auditEvent.count({ where: { action: "user.two_factor.enable", targetId: u.id } })).toBe(1);

    // Sign-in: the password alone gives no session, only the code step.
    setNow("2026-12-01T08:01:00Z");
    const first = await passwordStep(u.email, TEST_PASSWORD, "/me/entries");
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/login/two-factor?redirectTo=%2Fme%2Fentries");
    expect(cookieOf(first, "gbc_session")).toBeUndefined();
    const challenge = cookieOf(first, "gbc_2fa")!;
    expect(challenge).toBeTruthy();

    const code = await codeAt(secret, "2026-12-01T08:01:00Z");
    const bad = await settle(
      (await codeStep()).action(
        args(formRequest("/login/two-factor", challenge, { code: "123456", redirectTo: "/me/entries" })),
      ),
    );
    expect(statusOf(bad)).toBe(400);
    const passed = (await settle(
      (await codeStep()).action(args(formRequest("/login/two-factor", challenge, { code, redirectTo: "/me/entries" }))),
    )) as Response;
    expect(passed.status).toBe(302);
    expect(passed.headers.get("Location")).toBe("/me/entries");
    expect(cookieOf(passed, "gbc_session")).toBeTruthy();

    // The same code cannot sign in a second time (replay), even with a fresh password step.
    const second = await passwordStep(u.email);
    const replay = await settle(
      (await codeStep()).action(args(formRequest("/login/two-factor", cookieOf(second, "gbc_2fa")!, { code }))),
    );
    expect(statusOf(replay)).toBe(400);
    // The used challenge cannot be used again either.
    const reused = await settle(
      (await codeStep()).action(
        args(formRequest("/login/two-factor", challenge, { code: await codeAt(secret, "2026-12-01T08:02:00Z") })),
      ),
    );
    expect(dataOf<{ error: string }>(reused).error).toBe("security:challengeExpired");

    // A recovery code works once, and its use is audited.
    setNow("2026-12-01T08:03:00Z");
    const third = await passwordStep(u.email);
    const viaRecovery = (await settle(
      (await codeStep()).action(
        args(formRequest("/login/two-factor", cookieOf(third, "gbc_2fa")!, { code: codes[0]!.toUpperCase() })),
      ),
    )) as Response;
    expect(viaRecovery.status).toBe(302);
    expect(cookieOf(viaRecovery, "gbc_session")).toBeTruthy();
    const fourth = await passwordStep(u.email);
    const recoveryAgain = await settle(
      (await codeStep()).action(
        args(formRequest("/login/two-factor", cookieOf(fourth, "gbc_2fa")!, { code: codes[0]! })),
      ),
    );
    expect(statusOf(recoveryAgain)).toBe(400);
    expect(
      await t.db.auditEvent.count({ where: { action: "user.two_factor.recovery_code_used", targetId: u.id } }),
    ).toBe(1);
  });

  it("rate-limits the code step: after 5 wrong codes even the right one is refused for 15 minutes", async () => {
    setNow("2026-12-01T09:00:00Z");
    const u = await makeUser(t.db, { totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" });
    const res = await passwordStep(u.email);
    const challenge = cookieOf(res, "gbc_2fa")!;
    for (let i = 0; i < 5; i++) {
      const r = await settle(
        (await codeStep()).action(args(formRequest("/login/two-factor", challenge, { code: String(100000 + i) }))),
      );
      expect(statusOf(r)).toBe(400);
    }
    const right = await codeAt("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "2026-12-01T09:00:00Z");
    const locked = await settle(
      (await codeStep()).action(args(formRequest("/login/two-factor", challenge, { code: right }))),
    );
    expect(statusOf(locked)).toBe(429);
    // After the window the right code gets in (the challenge lives 10 minutes: sign in again).
    setNow("2026-12-01T09:15:30Z");
    const again = await passwordStep(u.email);
    const ok = (await settle(
      (await codeStep()).action(
        args(
          formRequest("/login/two-factor", cookieOf(again, "gbc_2fa")!, {
            code: await codeAt("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "2026-12-01T09:15:30Z"),
          }),
        ),
      ),
    )) as Response;
    expect(ok.status).toBe(302);
  });

  it("requires enrolment of admins, and of organizers of a contest that requires it (on by default for new contests)", async () => {
    setNow(null);
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }], totpSecret: null });
    const adminCookie = await sessionCookie(t.db, admin.id);
    const blocked = (await settle(
      (await adminPage()).loader(args(new Request("http://localhost/admin", { headers: { Cookie: adminCookie } }))),
    )) as Response;
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("Location")).toBe("/account/two-factor?required=1&redirectTo=%2Fadmin");

    // A contest created the ordinary way requires it; the factory's contests (and the demo) do not.
    const enrolled = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    await createContest(
      t.db,
      {
        slug: "giai-2fa",
        nameVi: "Giải 2FA",
        nameEn: "",
        organizerName: "Sở",
        publicationStart: "2026-01-01",
        publicationEnd: "2026-10-01",
        submissionDeadline: "2026-11-01",
      },
      enrolled.id,
    );
    const strict = await t.db.contest.findUniqueOrThrow({ where: { slug: "giai-2fa" } });
    expect(strict.requireTwoFactor).toBe(true);
    const relaxed = await makeContest(t.db, { requireTwoFactor: false });

    const organizer = await makeUser(t.db, {
      roles: [
        { role: "ORGANIZER", contestId: strict.id },
        { role: "ORGANIZER", contestId: relaxed.id },
      ],
    });
    const cookie = await sessionCookie(t.db, organizer.id);
    const toStrict = (await settle(
      (await organizerHome()).loader(
        args(new Request(`http://localhost/organizer/${strict.slug}`, { headers: { Cookie: cookie } }), {
          slug: strict.slug,
        }),
      ),
    )) as Response;
    expect(toStrict).toBeInstanceOf(Response);
    expect(toStrict.headers.get("Location")).toMatch(/^\/account\/two-factor\?required=1/);
    const toRelaxed = await settle(
      (await organizerHome()).loader(
        args(new Request(`http://localhost/organizer/${relaxed.slug}`, { headers: { Cookie: cookie } }), {
          slug: relaxed.slug,
        }),
      ),
    );
    expect(toRelaxed).not.toBeInstanceOf(Response);

    // The admin turns the requirement off for that contest (audited); the organizer gets in.
    const enrolledCookie = await sessionCookie(t.db, enrolled.id);
    await (
      await adminPage()
    ).action(
      args(formRequest("/admin", enrolledCookie, { intent: "twoFactorSetting", contestId: strict.id, value: "off" })),
    );
    expect((await t.db.contest.findUniqueOrThrow({ where: { id: strict.id } })).requireTwoFactor).toBe(false);
    expect(await t.db.auditEvent.count({ where: { action: "contest.two_factor", contestId: strict.id } })).toBe(1);
    const nowIn = await settle(
      (await organizerHome()).loader(
        args(new Request(`http://localhost/organizer/${strict.slug}`, { headers: { Cookie: cookie } }), {
          slug: strict.slug,
        }),
      ),
    );
    expect(nowIn).not.toBeInstanceOf(Response);

    // Someone who must use it cannot turn it off.
    setNow("2026-12-01T10:00:00Z");
    const disable = await settle(
      (await enrolPage()).action(
        args(
          formRequest("/account/two-factor", enrolledCookie, {
            intent: "disable",
            code: await codeAt(TEST_TOTP_SECRET, "2026-12-01T10:00:00Z"),
          }),
        ),
      ),
    );
    expect(dataOf<{ error: string }>(disable).error).toBe("security:cannotDisable");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: enrolled.id } })).totpEnabledAt).not.toBeNull();
  });

  it("requires enrolment of a judge on the judging home only while one of their contests requires it", async () => {
    setNow(null);
    const strict = await makeContest(t.db, { requireTwoFactor: true });
    const relaxed = await makeContest(t.db, { requireTwoFactor: false });
    const judge = await makeUser(t.db, { roles: [{ role: "JUDGE", contestId: relaxed.id }] });
    const cookie = await sessionCookie(t.db, judge.id);
    const home = async () =>
      (await judgeHome()).loader(args(new Request("http://localhost/judge", { headers: { Cookie: cookie } })));
    const enrolment = async () =>
      dataOf<{ required: boolean }>(
        await (
          await enrolPage()
        ).loader(args(new Request("http://localhost/account/two-factor", { headers: { Cookie: cookie } }))),
      ).required;
    expect(await settle(home())).not.toBeInstanceOf(Response);
    expect(await enrolment()).toBe(false);

    // Also judging a contest that requires it: sent to enrol, and told it is required.
    await t.db.roleGrant.create({ data: { userId: judge.id, role: "JUDGE", contestId: strict.id } });
    const blocked = (await settle(home())) as Response;
    expect(blocked).toBeInstanceOf(Response);
    expect(blocked.headers.get("Location")).toBe("/account/two-factor?required=1&redirectTo=%2Fjudge");
    expect(await enrolment()).toBe(true);

    // The organizers relax it: the judge's next page opens.
    await t.db.contest.update({ where: { id: strict.id }, data: { requireTwoFactor: false } });
    expect(await settle(home())).not.toBeInstanceOf(Response);
    expect(await enrolment()).toBe(false);
  });

  it("lets an admin reset someone's second factor: their sessions end, they enrol again, and the reset is audited", async () => {
    setNow(null);
    const admin = await makeUser(t.db, { roles: [{ role: "ADMIN" }] });
    const judge = await makeUser(t.db, {
      email: "giamkhao-mat-dt@example.test",
      totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    });
    await t.db.recoveryCode.create({ data: { userId: judge.id, codeHash: "x" } });
    await sessionCookie(t.db, judge.id);
    const cookie = await sessionCookie(t.db, admin.id);
    const r = await (
      await adminPage()
    ).action(args(formRequest("/admin", cookie, { intent: "resetTwoFactor", email: judge.email })));
    expect(dataOf<{ done: string }>(r).done).toBe(judge.email);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: judge.id } });
    expect(after.totpSecret).toBeNull();
    expect(after.totpEnabledAt).toBeNull();
    expect(await t.db.recoveryCode.count({ where: { userId: judge.id } })).toBe(0);
    expect(await t.db.session.count({ where: { userId: judge.id } })).toBe(0);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "user.two_factor.reset", targetId: judge.id },
    });
    expect(event.actorId).toBe(admin.id);
    // Their next sign-in needs only the password again (then enrolment if their role needs it).
    const res = await passwordStep(judge.email);
    expect(cookieOf(res, "gbc_session")).toBeTruthy();

    // Only admins reach the reset.
    const stranger = await makeUser(t.db);
    const refused = await settle(
      (await adminPage()).action(
        args(
          formRequest("/admin", await sessionCookie(t.db, stranger.id), {
            intent: "resetTwoFactor",
            email: admin.email,
          }),
        ),
      ),
    );
    expect(statusOf(refused)).toBe(403);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).totpEnabledAt).not.toBeNull();
  });
});

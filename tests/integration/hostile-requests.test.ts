/**
 * Hostile and malformed traffic against the real production server (server.mjs on the built
 * app, `npm run build` first) on the real database (TEST_DB): body limits, redirects after
 * login / language switch / invitation, security headers, no NUL bytes in large Vietnamese
 * pages, and a fuzz of every route file's loader and action as every role: never a 5xx, and
 * the database unchanged. The demo contest and the extra entries are fixtures (what is tested
 * is how the server answers, not how the data got there).
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SLUG, DEMO_USERS, DEMO_PASSWORD, seedDemo } from "#prisma/seed-data.ts";
import { createSession } from "#app/server/shared/session.server.ts";
import { createServerDb, rssMiB, startAppServer, type AppServer, type ServerDb } from "#tests/support/app-server.ts";

const PORT = 4143 + (process.env.TEST_DB === "postgres" ? 1 : 0);
let s: ServerDb;
let app: AppServer;
const cookies: Record<string, string> = {};
let ids: Record<string, string> = {};

/** Key tables as one hash each: the fuzz must leave every one of them as it found it. */
const KEY_TABLES = [
  "Contest",
  "Category",
  "PrizeTier",
  "User",
  "Profile",
  "RoleGrant",
  "Entry",
  "EntryPart",
  "EntryAuthor",
  "StoredFile",
  "Round",
  "Criterion",
  "Assignment",
  "ConflictDeclaration",
  "Score",
  "ScoreValue",
  "RoundResult",
  "Award",
  "AwardPayout",
  "AuditEvent",
  "OutboxMail",
  "Verification",
];
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of KEY_TABLES) {
    // Two effects of well-formed GETs are not changes made by malformed input: a personal-data
    // download is audited (Decree 13 asks who exported what), and opening the two-step enrolment
    // page prepares the account's not-yet-enabled TOTP secret (and so touches updatedAt).
    const where = t === "AuditEvent" ? `WHERE x.action <> 'user.data_export'` : "";
    const row_ = t === "User" ? `(to_jsonb(x) - 'totpSecret' - 'updatedAt')::text` : "x::text";
    const [row] = await s.db.$queryRawUnsafe<{ n: bigint; h: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(${row_}, '|' ORDER BY ${row_})) AS h FROM "${t}" x ${where}`,
    );
    out[t] = `${row!.n}:${row!.h ?? ""}`;
  }
  return out;
}
let before: Record<string, string>;

beforeAll(async () => {
  s = await createServerDb();
  await seedDemo(s.db);
  const contest = await s.db.contest.findUniqueOrThrow({
    where: { slug: DEMO_SLUG },
    include: { categories: true, rounds: true },
  });
  const journalist = await s.db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.journalists[0]! } });
  // Many rows for the largest pages (entries list, assignments): fixture rows, Vietnamese text.
  const cat = contest.categories[0]!;
  await s.db.entry.createMany({
    data: Array.from({ length: 160 }, (_, i) => ({
      contestId: contest.id,
      categoryId: cat.id,
      submitterId: journalist.id,
      code: `TN-${String(i + 1).padStart(3, "0")}`,
      title: `Giám khảo ghi nhận: Hải Dương vượt khó – tăng tốc phục hồi kinh tế, kỳ ${i + 1}`,
      outlet: "Đài Phát thanh và Truyền hình Hải Dương",
      status: "ELIGIBLE" as const,
      submittedAt: new Date("2021-10-01T03:00:00Z"),
    })),
  });
  const users = {
    admin: DEMO_USERS.admin,
    organizer: DEMO_USERS.organizer,
    judge: DEMO_USERS.judges[0]!,
    journalist: DEMO_USERS.journalists[0]!,
  };
  for (const [role, email] of Object.entries(users)) {
    const u = await s.db.user.findUniqueOrThrow({ where: { email } });
    // Fixture sessions: logging in is tested below, not repeated for every role.
    cookies[role] = (await createSession(s.db, u.id, new Request("http://localhost/"))).split(";")[0]!;
  }
  const entry = await s.db.entry.findFirstOrThrow({
    where: { submitterId: journalist.id, contestId: contest.id },
    include: { files: true },
  });
  const file = await s.db.storedFile.findFirst();
  ids = {
    slug: DEMO_SLUG,
    id: entry.id,
    entryId: entry.id,
    roundId: contest.rounds[0]!.id,
    n: "1",
    fileId: file?.id ?? "nope",
    token: "khong-co-loi-moi",
    file: "entries.csv",
    kind: "winners",
  };
  before = await snapshot();
  app = await startAppServer(s, PORT);
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await s?.close();
}, 60_000);

describe("body limits", () => {
  it("answers a 300 MB form post to /login with 413 at once, without reading it, memory flat", async () => {
    const rssBefore = rssMiB(app.pid);
    const t0 = Date.now();
    // The server answers 413 and closes at once; our write can then hit EPIPE before its answer is
    // read. That race is the client's, so a try that saw only EPIPE is made again (at most 3).
    const attempt = () =>
      new Promise<string>((resolve, reject) => {
        const sock = net.connect(PORT, "127.0.0.1");
        let got = "";
        sock.on("data", (d) => {
          got += d.toString();
          if (got.includes("\r\n\r\n")) {
            sock.destroy();
            resolve(got);
          }
        });
        sock.on("error", (e) => (got ? resolve(got) : reject(e)));
        sock.write(
          `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${300 * 1024 * 1024}\r\n\r\n`,
        );
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!sock.destroyed && sock.write(chunk));
          if (!sock.destroyed) sock.once("drain", pump);
        };
        pump();
      });
    let head = "";
    for (let i = 0; i < 3 && !head; i++) {
      head = await attempt().catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE" && e.code !== "ECONNRESET") throw e;
        return "";
      });
    }
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(rssMiB(app.pid) - rssBefore).toBeLessThan(30);
    // The server still answers.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("refuses a chunked body without length (411) and a body just over the form limit (413)", async () => {
    const big = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(1024 * 1024)}`,
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("quá lớn");
  });
});

describe("redirects stay on the site", () => {
  const evil = [
    "/%09/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "/%0a/evil.example",
  ];

  it.each(evil)("after login with redirectTo=%s → the account page", async (to) => {
    const res = await fetch(`${app.url}/login?redirectTo=${encodeURIComponent(to)}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: DEMO_USERS.journalists[1]!,
        password: DEMO_PASSWORD,
        redirectTo: decodeURIComponent(to),
      }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/account");
  });

  it("after login with a path on the site → that path", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: DEMO_USERS.journalists[1]!,
        password: DEMO_PASSWORD,
        redirectTo: "/me/entries?x=1",
      }),
    });
    expect(res.headers.get("location")).toBe("/me/entries?x=1");
  });

  it.each(evil)("after the language switch with redirectTo=%s → home", async (to) => {
    const res = await fetch(`${app.url}/set-language`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ locale: "en", redirectTo: decodeURIComponent(to) }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
  });

  it("after accepting an invitation with a hostile redirectTo → the account page", async () => {
    // Fixture: the invitation row an organizer's "mời giám khảo" writes.
    await app.stop();
    const judge = await s.db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.judges[1]! } });
    const token = randomBytes(24).toString("base64url");
    await s.db.verification.create({
      data: {
        userId: judge.id,
        email: judge.email,
        purpose: "JUDGE_INVITE",
        tokenHash: createHash("sha256").update(token).digest("hex"),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    before = await snapshot();
    app = await startAppServer(s, PORT);
    const res = await fetch(`${app.url}/invite/${token}?redirectTo=${encodeURIComponent("/%09/evil.example")}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ password: "Mat-khau-moi-2026", confirm: "Mat-khau-moi-2026" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/account");
    // The invitation changed the judge's password and tokens: snapshot again for the fuzz.
    await app.stop();
    before = await snapshot();
    app = await startAppServer(s, PORT);
  }, 240_000);
});

describe("security headers", () => {
  it("HTML pages carry a nonce CSP, frame-ancestors 'none', nosniff and a Referrer-Policy", async () => {
    const res = await fetch(`${app.url}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // APP_URL is http here
    const html = await res.text();
    // Every inline script carries this response's nonce, so the page still hydrates.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("sends HSTS when APP_URL is https", async () => {
    await app.stop();
    app = await startAppServer(s, PORT, { APP_URL: `https://giaibaochi.test` });
    const res = await fetch(`${app.url}/login`);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    await app.stop();
    app = await startAppServer(s, PORT);
  }, 240_000);
});

describe("no NUL byte in HTML", () => {
  it.each([
    ["organizer", `/organizer/${DEMO_SLUG}/entries`],
    ["organizer", `/organizer/${DEMO_SLUG}/assignments`],
    ["organizer", `/organizer/${DEMO_SLUG}/audit`],
    ["judge", "/judge"],
    ["journalist", "/me/entries"],
    ["anonymous", `/contests/${DEMO_SLUG}`],
  ])("as %s: %s", async (role, url) => {
    const res = await fetch(`${app.url}${url}`, { headers: { Cookie: cookies[role] ?? "" } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.indexOf(0)).toBe(-1);
    if (url.endsWith("/entries")) expect(body.length).toBeGreaterThan(40_000); // really the big list
  });
});

// --- the fuzz --------------------------------------------------------------------------------

function routeUrls(): { file: string; url: string; hasAction: boolean }[] {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .map((f) => {
      const src = fs.readFileSync(path.join(dir, f), "utf8");
      return { f, src };
    })
    .filter(({ src }) => /export (async )?function (loader|action)|export const (loader|action)/.test(src))
    .map(({ f, src }) => {
      const segs = f
        .replace(/\.(tsx?|jsx?)$/, "")
        .split(".")
        .filter((x) => x !== "_index");
      const url =
        "/" +
        segs
          .map((seg) => seg.replace(/\[(.*)\]/, "$1"))
          .map((seg) => (seg.startsWith("$") ? (ids[seg.slice(1)] ?? "x") : seg))
          .join("/");
      return {
        file: f,
        url: url === "/_index" ? "/" : url,
        hasAction: /export (async )?function action|export const action/.test(src),
      };
    });
}

const NUL = "\u0000";
const long = (n: number) => "Giám khảo ".repeat(Math.ceil(n / 10)).slice(0, n);
function bodies(): { contentType?: string; body?: string | Buffer }[] {
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  return [
    { contentType: "application/json", body: JSON.stringify({ intent: "save", email: "a@b.c" }) },
    { contentType: "text/plain", body: "intent=submit" },
    { body: "intent=submit&x=1" },
    {
      contentType: "multipart/form-data; boundary=zzz",
      body: '--zzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--zz',
    },
    { contentType: "multipart/form-data", body: "garbage" },
    {
      contentType: "application/x-www-form-urlencoded",
      body: form({ intent: "save", title: `a${NUL}b`, email: `x${NUL}@y.z`, q: NUL }),
    },
    {
      contentType: "application/x-www-form-urlencoded",
      body: form({ intent: "submit", payload: `{"title":"a\\u0000b","parts":[]}` }),
    },
    {
      contentType: "application/x-www-form-urlencoded",
      body: form({ intent: "save", payload: "{not json", title: long(5000), name: long(20000) }),
    },
    {
      contentType: "application/x-www-form-urlencoded",
      body: form({
        intent: "x".repeat(300),
        amount: "1e309",
        score: "99999999999999999999999",
        total: "-0",
        n: "NaN",
        position: "9007199254740993",
      }),
    },
    { contentType: "application/x-www-form-urlencoded", body: "%E0%A4%A=%%&&==&intent=%FF%FE" },
    {
      contentType: "application/x-www-form-urlencoded; charset=utf-16",
      body: Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41]),
    },
    {
      contentType: "application/x-www-form-urlencoded",
      body: form({
        intent: "decide",
        status: "HACKED",
        entryId: '\'; DROP TABLE "Entry"; --',
        roundId: "../../etc/passwd",
        values: "[1,2,3]",
      }),
    },
  ];
}
const QUERIES = [
  `?q=${encodeURIComponent(long(250))}`,
  `?q=${encodeURIComponent(NUL)}`,
  `?q=%00%FF`,
  `?status=NOPE&category=${"x".repeat(500)}&page=99999999999999999999`,
  `?action=${"a".repeat(1000)}&actor=${"b".repeat(1000)}&from=2021-13-45&to=99/99/9999&page=-1`,
  `?round=${encodeURIComponent("' OR 1=1 --")}&entry=${"z".repeat(300)}&download=1&lang=xx`,
];

describe("fuzzing every route as every role", () => {
  it("answers ≥ 2,000 malformed requests with < 500 and changes nothing", async () => {
    const routes = routeUrls();
    expect(routes.length).toBeGreaterThan(30);
    const roles = ["anonymous", "journalist", "judge", "organizer", "admin"];
    const jobs: {
      method: string;
      url: string;
      role: string;
      contentType?: string;
      body?: string | Buffer;
      origin?: string;
    }[] = [];
    for (const r of routes) {
      // Signing out is a real change for the fixture sessions: fuzz it anonymously only.
      const rs = r.file.startsWith("logout") ? ["anonymous"] : roles;
      for (const role of rs) {
        for (const q of QUERIES) jobs.push({ method: "GET", url: r.url + q, role });
        if (!r.hasAction) continue;
        for (const b of bodies()) jobs.push({ method: "POST", url: r.url, role, ...b });
        jobs.push({
          method: "POST",
          url: r.url + QUERIES[0],
          role,
          contentType: "application/x-www-form-urlencoded",
          body: "intent=save",
          origin: "http://evil.127.0.0.1.nip.io",
        });
        jobs.push({
          method: "PUT",
          url: r.url,
          role,
          contentType: "application/x-www-form-urlencoded",
          body: "intent=save",
        });
      }
    }
    expect(jobs.length).toBeGreaterThanOrEqual(2000);
    const fives: string[] = [];
    let done = 0;
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let j = queue.pop(); j; j = queue.pop()) {
          const headers: Record<string, string> = {};
          if (j.contentType) headers["Content-Type"] = j.contentType;
          if (cookies[j.role]) headers.Cookie = cookies[j.role]!;
          if (j.origin) headers.Origin = j.origin;
          const res = await fetch(`${app.url}${j.url}`, {
            method: j.method,
            headers,
            body: typeof j.body === "string" || j.body === undefined ? j.body : new Uint8Array(j.body),
            redirect: "manual",
          });
          await res.arrayBuffer();
          done += 1;
          if (res.status >= 500)
            fives.push(
              `${res.status} ${j.role} ${j.method} ${j.url.slice(0, 120)} ${j.contentType ?? "(no type)"} ${String(j.body ?? "").slice(0, 80)}`,
            );
        }
      }),
    );
    expect(done).toBe(jobs.length);
    expect(fives).toEqual([]);
    await app.stop();
    expect(await snapshot()).toEqual(before);
    app = await startAppServer(s, PORT);
  }, 900_000);
});

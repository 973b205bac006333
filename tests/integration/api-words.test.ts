/**
 * Issue 10 item 2: what the server says outside pages — the request guard's refusals, the form
 * and query refusals, the JSON API's 404 and the file routes' generic 403/404 — is said in the
 * reader's language (lng cookie, else Accept-Language, else Vietnamese), from api.json.
 */
import type http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiRoute from "#app/routes/api.contests.$slug.results.ts";
import * as exportRoute from "#app/routes/organizer.$slug.export.$file.ts";
import { parseQuery, readForm } from "#app/server/shared/body.server.ts";
import { requestGuard } from "#app/server/shared/request-guard.server.ts";
import { z } from "zod";
import { createTestDb, testEngine, type TestDb } from "#tests/support/test-db.ts";
import { makeContest, makeUser } from "#tests/support/kit.ts";
import { releaseTestDbForRoutes, sessionCookie, useTestDbForRoutes } from "#tests/support/organizer.ts";

const VIETNAMESE = /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]/i;
const EN = { "Accept-Language": "en-GB,en;q=0.9" };

describe("request guard", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(requestGuard());
    app.post("/login", (_req, res) => void res.end("ok"));
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const crossSite = (headers: Record<string, string>) =>
    fetch(`${url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: "a=1",
    });

  it("refuses a cross-site post in English for an English reader, in Vietnamese otherwise, never both", async () => {
    const en = await crossSite(EN);
    expect(en.status).toBe(403);
    expect(en.headers.get("content-language")).toBe("en");
    expect(await en.text()).toBe("Request refused: it came from another site.\n");
    const vi = await crossSite({});
    expect(await vi.text()).toBe("Yêu cầu bị từ chối: gửi từ trang khác.\n");
    // The language cookie wins over the browser's Accept-Language.
    expect(await (await crossSite({ ...EN, Cookie: "lng=vi" })).text()).toBe(
      "Yêu cầu bị từ chối: gửi từ trang khác.\n",
    );
  });

  it("refuses an oversized body with its limit in the reader's language", async () => {
    const big = await fetch(`${url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: "lng=en" },
      body: "a=" + "x".repeat(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/^The request is too large \(at most [\d.]+ MiB\)\.\n$/);
  });
});

describe("form and query refusals", () => {
  const refusal = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      return err as Response;
    }
    throw new Error("not refused");
  };

  it("says a broken form or search in the reader's language", async () => {
    const en = await refusal(() =>
      readForm(
        new Request("http://localhost/x", {
          method: "POST",
          headers: { ...EN, "Content-Type": "application/json" },
          body: "{}",
        }),
      ),
    );
    expect([en.status, await en.text()]).toEqual([415, "The data sent is not in a form format."]);
    const vi = await refusal(() =>
      readForm(
        new Request("http://localhost/x", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        }),
      ),
    );
    expect(await vi.text()).toBe("Dữ liệu gửi lên không đúng định dạng biểu mẫu.");
    const q = await refusal(() =>
      parseQuery(
        new Request("http://localhost/x?q=" + "a".repeat(50), { headers: { Cookie: "lng=en" } }),
        z.object({ q: z.string().max(10) }),
      ),
    );
    expect([q.status, await q.text()]).toEqual([
      400,
      "The filter or search words are not valid (too long or out of range).",
    ]);
  });
});

describe(`the JSON API and file routes on ${testEngine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
  });
  afterAll(async () => {
    releaseTestDbForRoutes();
    await t?.close();
  });

  const api = async (path: string, headers: Record<string, string> = {}) => {
    const res = await apiRoute.loader({
      request: new Request(`http://localhost${path}`, { headers }),
      params: { slug: path.split("/")[3]!.split("?")[0]! },
      context: {},
    });
    return { status: res.status, body: (await res.json()) as { error: string; message: string } };
  };

  it("answers an unpublished contest's results with a 404 in the language asked for", async () => {
    const contest = await makeContest(t.db, { phase: "JUDGING", categories: ["print"] });
    expect(await api(`/api/contests/${contest.slug}/results`)).toEqual({
      status: 404,
      body: { error: "not_found", message: "Kết quả chưa được công bố hoặc không có giải này." },
    });
    expect(await api(`/api/contests/${contest.slug}/results`, EN)).toEqual({
      status: 404,
      body: { error: "not_found", message: "The results are not published yet, or there is no such contest." },
    });
    expect((await api(`/api/contests/khong-co/results?lang=en`)).body.message).toBe(
      "The results are not published yet, or there is no such contest.",
    );
  });

  it("says a file route's generic 404 and 403 in English to an English reader", async () => {
    const contest = await makeContest(t.db, { phase: "CLOSED", categories: ["print"] });
    const stranger = await makeUser(t.db);
    const cookie = `${await sessionCookie(t.db, stranger.id)}; lng=en`;
    const load = async (slug: string) => {
      try {
        await exportRoute.loader({
          request: new Request(`http://localhost/organizer/${slug}/export/entries.csv`, {
            headers: { Cookie: cookie },
          }),
          params: { slug, file: "entries.csv" },
          context: {},
        });
      } catch (err) {
        return err as Response;
      }
      throw new Error("served");
    };
    const missing = await load("khong-co");
    expect([missing.status, await missing.text()]).toEqual([404, "Not found.\n"]);
    const forbidden = await load(contest.slug);
    expect(forbidden.status).toBe(403);
    const text = await forbidden.text();
    expect(text).toBe("You are not allowed to do this.\n");
    expect(text).not.toMatch(VIETNAMESE);
  });
});

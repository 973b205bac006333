import fs from "node:fs";
import { createRequire } from "node:module";
import { createMemoryHistory, createRouter, matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// patches/@remix-run+router+*.patch memoises route matching; these pin what it must keep.
describe("Remix route matching (patched @remix-run/router)", () => {
  it("is the patched build (postinstall ran patch-package)", () => {
    const file = createRequire(import.meta.url).resolve("@remix-run/router");
    expect(fs.readFileSync(file, "utf8")).toContain("rankedBranchesCache");
  });

  it("matches the same tree again, and another tree of its own", () => {
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "a", path: "contests/:slug" },
          { id: "i", index: true },
        ],
      },
    ];
    const ids = (r: typeof routes, p: string) => matchRoutes(r, p)?.map((m) => m.route.id) ?? null;
    expect(ids(routes, "/contests/x")).toEqual(["root", "a"]);
    expect(matchRoutes(routes, "/contests/y")?.[1]?.params).toEqual({ slug: "y" });
    expect(ids(routes, "/")).toEqual(["root", "i"]);
    expect(ids(routes, "/judge")).toBeNull();
    const other = [{ id: "root", path: "/", children: [{ id: "j", path: "judge" }] }];
    expect(ids(other, "/judge")).toEqual(["root", "j"]);
    expect(ids(routes, "/judge")).toBeNull();
  });

  it("sees routes patched into a tree after it was matched (lazy route discovery)", () => {
    const router = createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "a", path: "a" }] }],
      history: createMemoryHistory(),
    });
    expect(matchRoutes(router.routes, "/b")).toBeNull();
    router.patchRoutes("root", [{ id: "b", path: "b" }]);
    expect(matchRoutes(router.routes, "/b")?.map((m) => m.route.id)).toEqual(["root", "b"]);
    router.dispose();
  });

  it("keeps case sensitivity and end matching apart for one path", () => {
    const sensitive = [{ id: "s", path: "/About", caseSensitive: true }];
    const loose = [{ id: "l", path: "/About" }];
    expect(matchRoutes(sensitive, "/about")).toBeNull();
    expect(matchRoutes(loose, "/about")?.[0]?.route.id).toBe("l");
  });
});

import { describe, expect, it } from "vitest";
import { statementNamer } from "#app/server/shared/statement-names.ts";

describe("prepared statement names", () => {
  it("names a text the second time it is seen, and keeps that name", () => {
    const name = statementNamer();
    expect(name({ sql: "SELECT 1" })).toBe("");
    const first = name({ sql: "SELECT 1" });
    expect(first).not.toBe("");
    expect(name({ sql: "SELECT 1" })).toBe(first);
  });

  it("never gives two texts one name", () => {
    const name = statementNamer();
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      name({ sql: `SELECT ${i}` });
      names.add(name({ sql: `SELECT ${i}` }));
    }
    expect(names.size).toBe(50);
  });

  it("stops naming at its limit: texts past it stay unnamed, named ones keep their names", () => {
    const name = statementNamer(2);
    for (const sql of ["a", "a", "b", "b", "c", "c"]) name({ sql });
    expect(name({ sql: "a" })).not.toBe("");
    expect(name({ sql: "b" })).not.toBe("");
    expect(name({ sql: "c" })).toBe("");
  });
});

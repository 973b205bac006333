import { describe, expect, it } from "vitest";
import {
  checkManualAssignment,
  checkManualRemoval,
  detectConflict,
  generateAssignments,
  type PanelEntry,
  type PanelJudge,
} from "#app/domain/assignments.ts";

const judges: PanelJudge[] = Array.from({ length: 5 }, (_, i) => ({ id: `j${i}`, email: `j${i}@x.test`, agency: "" }));
const entries: PanelEntry[] = Array.from({ length: 23 }, (_, i) => ({
  id: `e${String(i).padStart(2, "0")}`,
  authors: [{ userId: null, email: `a${i}@x.test`, agency: "Báo Khác" }],
}));

describe("detectConflict", () => {
  it("finds an author by user id or e-mail, whatever its case", () => {
    const e = {
      id: "e",
      authors: [
        { userId: "u1", email: "", agency: "" },
        { userId: null, email: "Judge@X.test", agency: "" },
      ],
    };
    expect(detectConflict({ id: "u1", email: "z@x.test", agency: "" }, e)?.reason).toBe("author");
    expect(detectConflict({ id: "u2", email: "judge@x.test", agency: "" }, e)?.reason).toBe("author");
    expect(detectConflict({ id: "u3", email: "other@x.test", agency: "" }, e)).toBeNull();
  });
  it("matches agencies that differ only by case, diacritics and spacing, and never on an empty agency", () => {
    const e = { id: "e", authors: [{ userId: null, email: "", agency: "Báo  Hải Dương" }] };
    expect(detectConflict({ id: "j", email: "j@x.test", agency: "BAO HAI DUONG" }, e)).toEqual({
      judgeId: "j",
      entryId: "e",
      reason: "same_agency",
      detail: "Báo  Hải Dương",
    });
    expect(detectConflict({ id: "j", email: "j@x.test", agency: "Báo Hải Phòng" }, e)).toBeNull();
    expect(
      detectConflict(
        { id: "j", email: "j@x.test", agency: "" },
        { id: "e", authors: [{ userId: null, email: "", agency: "" }] },
      ),
    ).toBeNull();
  });
});

describe("generateAssignments", () => {
  it("gives every entry k judges with loads within one", () => {
    const r = generateAssignments({ judges, entries, judgesPerEntry: 2 });
    expect(r.assignments).toHaveLength(46);
    const perEntry = new Map<string, Set<string>>();
    for (const a of r.assignments) perEntry.set(a.entryId, (perEntry.get(a.entryId) ?? new Set()).add(a.judgeId));
    expect([...perEntry.values()].every((s) => s.size === 2)).toBe(true);
    const loads = Object.values(r.loads);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(r.shortfalls).toEqual([]);
  });
  it("assigns every judge every entry in all-judges mode", () => {
    const r = generateAssignments({ judges, entries: entries.slice(0, 4), judgesPerEntry: null });
    expect(r.assignments).toHaveLength(20);
  });
  it("never assigns a conflicted or declared judge, reports each conflict and the shortfall", () => {
    const e: PanelEntry[] = [
      { id: "a", authors: [{ userId: "j0", email: "", agency: "" }] },
      { id: "b", authors: [{ userId: null, email: "", agency: "Đài PT-TH Hải Dương" }] },
    ];
    const js: PanelJudge[] = [
      { id: "j0", email: "j0@x.test", agency: "" },
      { id: "j1", email: "j1@x.test", agency: "dai pt th hai duong" },
      { id: "j2", email: "j2@x.test", agency: "" },
    ];
    const r = generateAssignments({
      judges: js,
      entries: e,
      judgesPerEntry: 2,
      declared: [{ judgeId: "j2", entryId: "b", reason: "Người thân" }],
    });
    expect(r.assignments).toEqual([
      { judgeId: "j0", entryId: "b" },
      { judgeId: "j1", entryId: "a" },
      { judgeId: "j2", entryId: "a" },
    ]);
    expect(r.conflicts.map((c) => `${c.judgeId}/${c.entryId}/${c.reason}`).sort()).toEqual([
      "j0/a/author",
      "j1/b/same_agency",
      "j2/b/declared",
    ]);
    expect(r.shortfalls).toEqual([{ entryId: "b", wanted: 2, got: 1 }]);
  });
  it("keeps existing assignments, tops up to k and removes those now conflicted", () => {
    const first = generateAssignments({ judges, entries, judgesPerEntry: 1 });
    const again = generateAssignments({ judges, entries, judgesPerEntry: 1, existing: first.assignments });
    expect(again.assignments).toEqual([]);
    const more = generateAssignments({
      judges,
      entries,
      judgesPerEntry: 2,
      existing: first.assignments,
      declared: [{ judgeId: first.assignments[0]!.judgeId, entryId: first.assignments[0]!.entryId, reason: "x" }],
    });
    expect(more.toRemove).toEqual([first.assignments[0]]);
    expect(more.assignments).toHaveLength(23 + 1);
    const loads = Object.values(more.loads);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });
});

describe("manual assignments", () => {
  const judge: PanelJudge = { id: "j", email: "j@x.test", agency: "Báo Hải Dương" };
  const sameAgency: PanelEntry = { id: "e", authors: [{ userId: null, email: "a@x.test", agency: "BAO HAI DUONG" }] };
  const clean: PanelEntry = { id: "e2", authors: [{ userId: null, email: "a@x.test", agency: "Báo Khác" }] };

  it("adds a judge without a conflict and keeps no reason", () => {
    expect(
      checkManualAssignment({
        judge,
        entry: clean,
        alreadyAssigned: false,
        overrideReason: "  thừa  ",
        minOverrideReason: 1,
      }),
    ).toEqual({ ok: true, conflict: null, overrideReason: "" });
  });
  it("refuses a conflicted pair without a reason, and accepts it with one (trimmed)", () => {
    const refused = checkManualAssignment({
      judge,
      entry: sameAgency,
      alreadyAssigned: false,
      overrideReason: "   ",
      minOverrideReason: 1,
    });
    expect(refused).toMatchObject({ ok: false, refusal: "conflict_needs_reason", conflict: { reason: "same_agency" } });
    const ok = checkManualAssignment({
      judge,
      entry: sameAgency,
      alreadyAssigned: false,
      overrideReason: " Thiếu giám khảo chuyên ngành ",
      minOverrideReason: 1,
    });
    expect(ok).toMatchObject({
      ok: true,
      overrideReason: "Thiếu giám khảo chuyên ngành",
      conflict: { reason: "same_agency" },
    });
  });
  it("asks for the contest's minimum override reason length", () => {
    expect(
      checkManualAssignment({
        judge,
        entry: sameAgency,
        alreadyAssigned: false,
        overrideReason: " thiếu ",
        minOverrideReason: 10,
      }),
    ).toMatchObject({ ok: false, refusal: "conflict_needs_reason" });
    expect(
      checkManualAssignment({
        judge,
        entry: sameAgency,
        alreadyAssigned: false,
        overrideReason: "thiếu chuyên gia",
        minOverrideReason: 10,
      }),
    ).toMatchObject({ ok: true });
    // Zero in the setting still needs some reason: an override is never silent.
    expect(
      checkManualAssignment({
        judge,
        entry: sameAgency,
        alreadyAssigned: false,
        overrideReason: "",
        minOverrideReason: 0,
      }),
    ).toMatchObject({ ok: false });
  });
  it("treats an author and a recorded declaration as conflicts too", () => {
    const own: PanelEntry = { id: "e", authors: [{ userId: "j", email: "", agency: "" }] };
    expect(checkManualAssignment({ judge, entry: own, alreadyAssigned: false, minOverrideReason: 1 })).toMatchObject({
      ok: false,
      conflict: { reason: "author" },
    });
    expect(
      checkManualAssignment({
        judge,
        entry: clean,
        alreadyAssigned: false,
        declared: "người thân",
        minOverrideReason: 1,
      }),
    ).toMatchObject({ ok: false, conflict: { reason: "declared", detail: "người thân" } });
  });
  it("refuses a pair already assigned", () => {
    expect(checkManualAssignment({ judge, entry: clean, alreadyAssigned: true, minOverrideReason: 1 })).toMatchObject({
      ok: false,
      refusal: "already_assigned",
    });
  });
  it("refuses removing an assignment with a submitted sheet; a draft goes with it", () => {
    expect(checkManualRemoval({ assigned: true, score: "SUBMITTED" })).toEqual({
      ok: false,
      refusal: "has_submitted_score",
    });
    expect(checkManualRemoval({ assigned: true, score: "DRAFT" })).toEqual({ ok: true, dropsDraft: true });
    expect(checkManualRemoval({ assigned: true, score: null })).toEqual({ ok: true, dropsDraft: false });
    expect(checkManualRemoval({ assigned: false, score: null })).toEqual({ ok: false, refusal: "judge_not_assigned" });
  });
  it("generation keeps an overridden pair that it would otherwise remove", () => {
    const r = generateAssignments({
      judges: [judge],
      entries: [sameAgency],
      judgesPerEntry: 1,
      existing: [{ judgeId: "j", entryId: "e", overridden: true }],
    });
    expect(r.toRemove).toEqual([]);
    expect(r.assignments).toEqual([]);
    const plain = generateAssignments({
      judges: [judge],
      entries: [sameAgency],
      judgesPerEntry: 1,
      existing: [{ judgeId: "j", entryId: "e" }],
    });
    expect(plain.toRemove).toEqual([{ judgeId: "j", entryId: "e" }]);
  });
});

import { describe, expect, it } from "vitest";
import { resources } from "#app/i18n/resources.ts";

// docs/glossary.md "One word per thing": a journalist and an organizer see the same words for
// the same entry status, and the public and organizer pages the same name for a phase.
describe.each(["vi", "en"] as const)("one word per thing (%s)", (lng) => {
  const r = resources[lng];
  it("entry statuses read the same for journalists and organizers", () => {
    for (const s of ["DRAFT", "SUBMITTED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN"] as const) {
      expect(r.entry.statuses[s], s).toBe(r.organizer.status[s]);
    }
  });
  it("the results-review phase has one name", () => {
    expect(r.organizer.phase.RESULTS_REVIEW).toBe(r.contest.phase.RESULTS_REVIEW);
  });
  it("uses the glossary's Vietnamese words", () => {
    if (lng !== "vi") return;
    expect(r.entry.statuses.ELIGIBLE).toBe("Đủ điều kiện");
    expect(r.contest.phase.RESULTS_REVIEW).toBe("Đang xét kết quả");
  });
});

describe("the words the glossary retired appear nowhere in the Vietnamese catalogues", () => {
  const all = JSON.stringify(resources.vi);
  it.each(["Hợp lệ", 'Không hợp lệ"', "Duyệt kết quả"])("%s", (word) => {
    // "Ngày không hợp lệ" (an invalid date) is another meaning; the entry status word is what is retired.
    expect(all.includes(`"${word.replace(/"$/, "")}"`)).toBe(false);
  });
});

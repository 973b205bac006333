import { describe, expect, it } from "vitest";
import { roundOpenedMail } from "#emails/judge/round-opened.ts";

const base = {
  name: "Trần <Thị> Giám Khảo",
  contestName: "Giải Báo chí 2021",
  roundName: "Vòng sơ khảo",
  url: "http://x.test/judge",
};

describe("round opened mail", () => {
  it("tells a Vietnamese judge the round, their number of entries and the deadline, escaping names", () => {
    const m = roundOpenedMail({ ...base, locale: "vi", entries: 12, deadline: "20/12/2021" });
    expect(m.subject).toBe("Vòng sơ khảo đã mở: Giải Báo chí 2021");
    expect(m.text).toContain(
      "Ông/bà được phân công chấm 12 tác phẩm trong vòng này. Vui lòng nộp phiếu chấm trước hết ngày 20/12/2021.",
    );
    expect(m.text).toContain("http://x.test/judge");
    expect(m.html).toContain("Trần &lt;Thị&gt; Giám Khảo");
  });

  it("says nothing of a deadline when none is set, and counts in English", () => {
    const one = roundOpenedMail({ ...base, locale: "en", roundName: "Preliminary round", entries: 1, deadline: null });
    expect(one.subject).toBe("Preliminary round is open: Giải Báo chí 2021");
    expect(one.text).toContain("You are assigned 1 entry in this round.");
    expect(one.text).not.toContain("by the end of");
    expect(roundOpenedMail({ ...base, locale: "en", entries: 3 }).text).toContain("3 entries");
  });
});

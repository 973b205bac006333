import { describe, expect, it } from "vitest";
import { announcementMail } from "#emails/announcement/results.ts";

const base = {
  name: "Nguyễn Thị <Hồng>",
  contestName: "Giải Báo chí 2021",
  resultsUrl: "http://x.test/contests/a/results",
};

describe("announcement mail", () => {
  it("tells a winner which prize and amount, in Vietnamese, escaping names", () => {
    const m = announcementMail({
      ...base,
      locale: "vi",
      wins: [{ title: "Bài <b>", code: "BI-001", category: "Báo in", prize: "Giải Nhất", amount: 30_000_000 }],
    });
    expect(m.subject).toBe("Công bố kết quả: Giải Báo chí 2021");
    expect(m.text).toContain("Xin chúc mừng");
    expect(m.text).toContain("Giải Nhất – Báo in: «Bài <b>» (BI-001), 30.000.000 ₫");
    expect(m.html).toContain("Nguyễn Thị &lt;Hồng&gt;");
    expect(m.html).not.toContain("<b>»");
    expect(m.text).toContain("http://x.test/contests/a/results");
  });

  it("tells a co-author their own share and the prize's total, in both languages", () => {
    const win = {
      title: "Loạt bài",
      code: "BI-002",
      category: "Báo in",
      prize: "Giải Nhì",
      amount: 20_000_000,
      share: { amount: 6_666_667, shareBp: 3333 },
    };
    expect(announcementMail({ ...base, locale: "vi", wins: [win] }).text).toContain(
      "Giải Nhì – Báo in: «Loạt bài» (BI-002): phần của bạn 6.666.667 ₫ (33,33 %) trong tổng giải 20.000.000 ₫",
    );
    expect(
      announcementMail({ ...base, locale: "en", wins: [{ ...win, category: "Print", prize: "Second prize" }] }).text,
    ).toContain("Second prize – Print: “Loạt bài” (BI-002): your share ₫6,666,667 (33.33%) of the prize's ₫20,000,000");
  });

  it("thanks an entrant who did not win, in English", () => {
    const m = announcementMail({ ...base, locale: "en", wins: [] });
    expect(m.subject).toBe("Results announced: Giải Báo chí 2021");
    expect(m.text).toContain("not among this year's winners");
  });
});

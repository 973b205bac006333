import { describe, expect, it } from "vitest";
import { parseScoreSheet, type LineError } from "#app/domain/score-import.ts";
import { scoreImportErrorText } from "#app/server/judging/score-import.server.ts";

const vi = (e: LineError) => ({ line: e.line, message: scoreImportErrorText(e, "vi") });

const criteria = [
  { id: "k1", position: 1, maxPoints: 40, weight: 1 },
  { id: "k2", position: 2, maxPoints: 30, weight: 1 },
];

describe("paper score sheet CSV", () => {
  it("reads rows by header names, with a decimal comma and an optional comment", () => {
    const { rows, errors } = parseScoreSheet(
      [
        ["Judge_Email", "entry_code", "c2", "c1", "comment"],
        ["GK1@example.test ", "bi-001", "25,5", "38", "Tốt"],
        ["", "", "", "", ""],
      ],
      criteria,
      0.25,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, entryCode: "BI-001", judgeEmail: "gk1@example.test", values: { k1: 38, k2: 25.5 }, comment: "Tốt" },
    ]);
  });

  it("reports every problem with its line number", () => {
    const { errors } = parseScoreSheet(
      [
        ["entry_code", "judge_email", "c1", "c2", "extra"],
        ["BI-001", "gk1@example.test", "41", "10", ""],
        ["", "not-an-email", "10", "", ""],
        ["BI-001", "gk1@example.test", "10", "10,3", ""],
      ],
      criteria,
      0.25,
    );
    expect(errors.map((e) => `${e.line}: ${scoreImportErrorText(e)}`)).toEqual([
      "1: cột không dùng được: extra",
      '2: c1: vượt điểm tối đa ("41", tối đa 40)',
      "3: thiếu mã tác phẩm",
      '3: email giám khảo không hợp lệ "not-an-email"',
      '3: c2: thiếu điểm ("", tối đa 30)',
      '4: c2: không theo bước 0,25 ("10,3", tối đa 30)',
      "4: trùng phiếu của gk1@example.test cho BI-001 (đã có ở dòng 2)",
    ]);
  });

  it("checks the round's step and names it in the reader's number format", () => {
    const { errors } = parseScoreSheet(
      [
        ["entry_code", "judge_email", "c1", "c2"],
        ["BI-001", "gk1@example.test", "10,25", "10,5"],
      ],
      criteria,
      0.5,
    );
    expect(errors.map(vi)).toEqual([{ line: 2, message: 'c1: không theo bước 0,5 ("10,25", tối đa 40)' }]);
    expect(errors.map((e) => scoreImportErrorText(e, "en"))).toEqual(['c1: not in steps of 0.5 ("10,25", at most 40)']);
  });

  it("refuses a file without the required columns or without rows", () => {
    expect(parseScoreSheet([["entry_code", "c1"]], criteria, 0.25).errors.map(vi)).toEqual([
      { line: 1, message: "thiếu cột judge_email, c2" },
    ]);
    expect(parseScoreSheet([["entry_code", "judge_email", "c1", "c2"]], criteria, 0.25).errors.map(vi)).toEqual([
      { line: 1, message: "tệp không có phiếu chấm nào" },
    ]);
  });
});

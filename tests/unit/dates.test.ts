import { describe, expect, it } from "vitest";
import {
  addDays,
  calendarDateIn,
  deadlineEndsAt,
  formatIsoDate,
  fromIsoDate,
  isBeforeDeadline,
  isIsoDate,
  isPostmarkAccepted,
  isWithinWindow,
  parseVietnameseDate,
  timeLeftMs,
  toIsoDate,
} from "#app/domain/dates.ts";

const TZ = "Asia/Ho_Chi_Minh";
const START = "2020-10-01";
const END = "2021-10-01";
const DEADLINE = "2021-11-10";

describe("publication window", () => {
  it("includes both the first and the last day", () => {
    expect(isWithinWindow("2020-10-01", START, END)).toBe(true);
    expect(isWithinWindow("2021-10-01", START, END)).toBe(true);
    expect(isWithinWindow("2021-03-15", START, END)).toBe(true);
  });
  it("excludes the day before and the day after", () => {
    expect(isWithinWindow("2020-09-30", START, END)).toBe(false);
    expect(isWithinWindow("2021-10-02", START, END)).toBe(false);
  });
});

describe("online deadline", () => {
  it("ends at the start of the next day in Vietnam: 2021-11-10T17:00:00Z", () => {
    expect(deadlineEndsAt(DEADLINE, TZ).toISOString()).toBe("2021-11-10T17:00:00.000Z");
  });
  it("accepts 16:59:59.999Z and refuses 17:00:00Z exactly", () => {
    expect(isBeforeDeadline(new Date("2021-11-10T16:59:59.999Z"), DEADLINE, TZ)).toBe(true);
    expect(isBeforeDeadline(new Date("2021-11-10T17:00:00.000Z"), DEADLINE, TZ)).toBe(false);
  });
  it("accepts early on the deadline day in Vietnam even though it is still the 9th in UTC", () => {
    expect(isBeforeDeadline(new Date("2021-11-09T17:30:00Z"), DEADLINE, TZ)).toBe(true);
  });
  it("follows the contest's own time zone", () => {
    expect(deadlineEndsAt(DEADLINE, "UTC").toISOString()).toBe("2021-11-11T00:00:00.000Z");
    expect(deadlineEndsAt(DEADLINE, "Europe/Paris").toISOString()).toBe("2021-11-10T23:00:00.000Z");
  });
  it("reports the time left, never negative", () => {
    expect(timeLeftMs(new Date("2021-11-10T16:00:00Z"), DEADLINE, TZ)).toBe(3_600_000);
    expect(timeLeftMs(new Date("2021-12-01T00:00:00Z"), DEADLINE, TZ)).toBe(0);
  });
});

describe("postmark rule", () => {
  it("accepts a postmark on the deadline day and refuses the next day", () => {
    expect(isPostmarkAccepted("2021-11-10", DEADLINE)).toBe(true);
    expect(isPostmarkAccepted("2021-11-01", DEADLINE)).toBe(true);
    expect(isPostmarkAccepted("2021-11-11", DEADLINE)).toBe(false);
  });
});

describe("calendar dates", () => {
  it("round-trips through the database's UTC-midnight Date", () => {
    expect(toIsoDate(fromIsoDate("2020-10-01"))).toBe("2020-10-01");
  });
  it("rejects impossible days", () => {
    expect(isIsoDate("2021-02-29")).toBe(false);
    expect(isIsoDate("2020-02-29")).toBe(true);
    expect(isIsoDate("2021-13-01")).toBe(false);
    expect(() => fromIsoDate("10/11/2021")).toThrow();
  });
  it("formats and parses dd/mm/yyyy", () => {
    expect(formatIsoDate("2021-11-10")).toBe("10/11/2021");
    expect(parseVietnameseDate("1/10/2020")).toBe("2020-10-01");
    expect(parseVietnameseDate("31/02/2021")).toBeNull();
  });
  it("tells the calendar day in the contest's zone", () => {
    expect(calendarDateIn(new Date("2021-11-10T17:00:00Z"), TZ)).toBe("2021-11-11");
    expect(calendarDateIn(new Date("2021-11-10T16:59:59Z"), TZ)).toBe("2021-11-10");
  });
  it("adds days across month ends", () => {
    expect(addDays("2021-11-30", 1)).toBe("2021-12-01");
  });
});

describe("formatInstant", () => {
  it("shows an instant in Vietnam time as dd/mm/yyyy HH:mm", async () => {
    const { formatInstant } = await import("#app/domain/format.ts");
    expect(formatInstant("2021-11-10T16:59:00Z", "Asia/Ho_Chi_Minh")).toBe("10/11/2021 23:59");
    expect(formatInstant(new Date("2021-11-10T17:00:00Z"), "Asia/Ho_Chi_Minh")).toBe("11/11/2021 00:00");
    // The zone is the contest's setting: the same instant in a contest held in Bangkok or Paris.
    expect(formatInstant("2021-11-10T16:59:00Z", "Asia/Bangkok")).toBe("10/11/2021 23:59");
    expect(formatInstant("2021-11-10T16:59:00Z", "Europe/Paris")).toBe("10/11/2021 17:59");
  });
  it("reads the wall clock as TZDate does, also around summer-time changes and odd offsets", async () => {
    const { formatInstant } = await import("#app/domain/format.ts");
    const { TZDate } = await import("@date-fns/tz");
    const p = (n: number) => String(n).padStart(2, "0");
    const reference = (ms: number, tz: string) => {
      const z = new TZDate(ms, tz);
      return `${p(z.getDate())}/${p(z.getMonth() + 1)}/${z.getFullYear()} ${p(z.getHours())}:${p(z.getMinutes())}`;
    };
    const zones = [
      "Asia/Ho_Chi_Minh",
      "Europe/Paris",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "UTC",
    ];
    // Every 7 minutes 13 seconds around the 2021 changes (March, October/November) and in 1975.
    const spans = [
      "2021-03-13T00:00:00Z",
      "2021-03-27T00:00:00Z",
      "2021-10-02T00:00:00Z",
      "2021-10-30T00:00:00Z",
      "2021-11-06T00:00:00Z",
      "1975-06-12T00:00:00Z",
    ];
    let checked = 0;
    for (const tz of zones) {
      for (const start of spans) {
        for (let ms = Date.parse(start); ms < Date.parse(start) + 2 * 86_400_000; ms += 433_000) {
          expect(formatInstant(new Date(ms), tz), `${new Date(ms).toISOString()} ${tz}`).toBe(reference(ms, tz));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe("date fields: dd/mm/yyyy in every browser locale", () => {
  it("parses what people type, and ISO from API clients", async () => {
    const { parseCalendarDate, dateFieldText } = await import("#app/domain/dates.ts");
    expect(parseCalendarDate("20/11/2021")).toBe("2021-11-20");
    expect(parseCalendarDate(" 1/2/2021 ")).toBe("2021-02-01");
    expect(parseCalendarDate("2021-11-20")).toBe("2021-11-20");
    // mm/dd/yyyy as an English browser would show it is not silently swapped.
    expect(parseCalendarDate("11/20/2021")).toBeNull();
    expect(parseCalendarDate("31/02/2021")).toBeNull();
    expect(parseCalendarDate("")).toBeNull();
    expect(dateFieldText("2021-11-20")).toBe("20/11/2021");
    expect(dateFieldText("20/11/20")).toBe("20/11/20");
  });
  it("the mask adds the slashes while typing forward", async () => {
    const { maskDateTyping } = await import("#app/domain/dates.ts");
    expect(maskDateTyping("2", "20")).toBe("20/");
    expect(maskDateTyping("20/1", "20/11")).toBe("20/11/");
    expect(maskDateTyping("20/", "20")).toBe("20"); // deleting the slash is left alone
    expect(maskDateTyping("", "20112021")).toBe("20/11/2021");
    expect(maskDateTyping("20/11/202", "20/11/2021")).toBe("20/11/2021");
  });
  it("one zod helper gives ISO or our own message", async () => {
    const { calendarDate } = await import("#app/domain/date-schema.ts");
    const { DATE_MESSAGE } = await import("#app/domain/dates.ts");
    expect(calendarDate().parse("20/11/2021")).toBe("2021-11-20");
    const bad = calendarDate().safeParse("13/13/2021");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(DATE_MESSAGE);
  });
});

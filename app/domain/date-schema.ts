/**
 * The zod schema of a calendar date field. Apart from app/domain/dates.ts so that pages which
 * only format dates (every page, through dates.ts) do not ship zod to the browser: the judge
 * scoring page grew by 25 KiB gz when calendarDate() lived in dates.ts.
 */
import { z } from "zod";
import { DATE_MESSAGE, parseCalendarDate, type IsoDate } from "./dates.ts";

/**
 * A calendar date as typed in our date fields (dd/mm/yyyy, whatever the browser's locale) or
 * sent by a client as ISO; the parsed value is always ISO `YYYY-MM-DD`. Every form with a date
 * (contest window and deadline, mailed postmark/received, parts' publication dates, scoring
 * deadline) parses it here, in the browser and again on the server.
 */
export function calendarDate() {
  return z.string({ error: "validation.required" }).transform((text, ctx): IsoDate => {
    const iso = parseCalendarDate(text);
    if (iso === null) {
      ctx.addIssue({ code: "custom", message: DATE_MESSAGE });
      return z.NEVER;
    }
    return iso;
  });
}

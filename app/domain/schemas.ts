/** zod building blocks shared by forms and server entry points. */
import { z } from "zod";
import { isIsoDate, parseCalendarDate, type IsoDate } from "./dates.ts";

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: "Ngày không hợp lệ (YYYY-MM-DD)" }) as z.ZodType<IsoDate>;

/** The one message every date field shows for a date it cannot read (common namespace). */
export const DATE_MESSAGE = "validation.date";

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

/** zod building blocks shared by forms and server entry points. */
import { z } from "zod";
import { isIsoDate, type IsoDate } from "./dates.ts";

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: "Ngày không hợp lệ (YYYY-MM-DD)" }) as z.ZodType<IsoDate>;

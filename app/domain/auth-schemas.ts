/** Form schemas of the account pages, shared by browser and server. Messages are i18n keys. */
import { z } from "zod";

export const emailSchema = z
  .string({ error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .pipe(z.email("validation.emailInvalid"))
  .transform((v) => v.toLowerCase());

export const LoginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "validation.required" }).min(1, "validation.required").max(200),
  redirectTo: z.string().optional(),
});

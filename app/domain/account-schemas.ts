/**
 * Form schemas of registration, password recovery, password change and the journalist's
 * profile. Shared by browser and server; messages are i18n keys.
 */
import { z } from "zod";
import { emailSchema } from "./auth-schemas.ts";

/**
 * Version of the personal-data notice shown at registration. Decree 13/2023/NĐ-CP asks that
 * consent be provable: we store which text the person accepted and when. Bump it whenever the
 * text in app/i18n/locales/<lng>/account.json "consentText" or the full notice in privacy.json changes
 * (v2: says what is collected, why, for how long and who sees it).
 */
export const CONSENT_TEXT_VERSION = "2026-12-v2";

const required = (max: number) =>
  z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");

export const passwordSchema = z
  .string({ error: "validation.required" })
  .min(8, "validation.passwordTooShort")
  .max(200, "validation.tooLong");

/** Vietnamese numbers: 0xxxxxxxxx or +84xxxxxxxxx; spaces, dots and dashes are ignored. */
export const phoneSchema = z
  .string({ error: "validation.required" })
  .transform((v) => v.replace(/[\s.-]/g, ""))
  .pipe(
    z
      .string()
      .min(1, "validation.required")
      .regex(/^(\+84|0)\d{9,10}$/, "account:v.phone"),
  );

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const RegisterSchema = z
  .object({
    name: required(120),
    email: emailSchema,
    phone: phoneSchema,
    password: passwordSchema,
    confirm: z.string({ error: "validation.required" }),
    consent: checkbox.refine((v) => v, "account:v.consent"),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "account:v.mismatch" });

export const ForgotSchema = z.object({ email: emailSchema });

export const ResetSchema = z
  .object({
    token: z.string().min(20).max(200),
    password: passwordSchema,
    confirm: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "account:v.mismatch" });

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("password"),
    current: z.string({ error: "validation.required" }).min(1, "validation.required"),
    password: passwordSchema,
    confirm: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "account:v.mismatch" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "account:v.samePassword" });

export const ProfileSchema = z.object({
  name: required(120),
  phone: phoneSchema,
  /** Several pen names, one per line or separated by commas/semicolons. */
  penNames: z
    .string()
    .max(500, "validation.tooLong")
    .optional()
    .transform((v) =>
      [
        ...new Set(
          (v ?? "")
            .split(/[\n,;]/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ].slice(0, 10),
    ),
  agency: z.string().trim().max(200, "validation.tooLong").optional().default(""),
  address: z.string().trim().max(300, "validation.tooLong").optional().default(""),
});

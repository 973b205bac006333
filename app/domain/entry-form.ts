/**
 * The entry form (bài dự thi): one zod schema shared by the browser (checked as the user
 * types) and the server (checked again on every save). Messages are i18n keys of the "entry"
 * namespace. Shapes only; the contest's rules are in eligibility.ts.
 */
import { z } from "zod";
import { calendarDate } from "./date-schema.ts";

const text = (max: number) => z.string().trim().max(max, "validation.tooLong");
const required = (max: number) => text(max).min(1, "validation.required");

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

export const PartSchema = z.object({
  title: text(300).default(""),
  publishedOn: calendarDate(),
  url: text(2000)
    .default("")
    .refine((v) => v === "" || isHttpUrl(v), "entry:v.url"),
});

export const AuthorSchema = z.object({
  fullName: required(120),
  penName: text(120).default(""),
  agency: text(200).default(""),
  email: text(254)
    .default("")
    .refine((v) => v === "" || z.email().safeParse(v).success, "validation.emailInvalid")
    .transform((v) => v.toLowerCase()),
  /** Percent with at most two decimals; stored as basis points (shareBp). */
  sharePercent: z
    .number({ error: "entry:v.share" })
    .min(0.01, "entry:v.share")
    .max(100, "entry:v.share")
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "entry:v.share"),
});

export const EntryFormSchema = z.object({
  /** The version the form was loaded at: a stale tab cannot overwrite newer changes. */
  version: z.number().int().min(0).optional(),
  categoryId: z.string().min(1, "entry:v.category").max(40),
  title: required(300),
  summary: text(5000).default(""),
  outlet: required(200),
  kind: z.enum(["SINGLE", "SERIES"]),
  parts: z.array(PartSchema).min(1, "entry:v.parts").max(50),
  authors: z.array(AuthorSchema).min(1, "entry:v.authors").max(50),
  declaredOriginal: z.boolean(),
  declaredOtherAward: z.boolean(),
  otherAwardDetails: text(1000).default(""),
});

export type EntryForm = z.infer<typeof EntryFormSchema>;

export const percentToBp = (percent: number): number => Math.round(percent * 100);
export const bpToPercent = (bp: number): number => bp / 100;

/** Splits 100 % evenly in basis points; the first authors take the remainder. */
export function evenSharesBp(count: number): number[] {
  if (count < 1) return [];
  const base = Math.floor(10_000 / count);
  const rest = 10_000 - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < rest ? 1 : 0));
}

/** The same error list zod gives, keyed by dotted path, for showing next to fields. */
export function issuesByPath(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of error.issues) {
    const key = i.path.join(".");
    (out[key] ??= []).push(i.message);
  }
  return out;
}

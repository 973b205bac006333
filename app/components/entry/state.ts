/** The entry editor's state (what the inputs hold) and its conversion to the shared schema. */
import { EntryFormSchema, evenSharesBp, issuesByPath, type EntryForm } from "#app/domain/entry-form.ts";
import { formatIsoDate, isIsoDate } from "#app/domain/dates.ts";
import { formatPercentNumber } from "#app/domain/format.ts";
import type { RuleIssue } from "#app/domain/eligibility.ts";
import type { TFunction } from "i18next";

export interface PartState {
  title: string;
  publishedOn: string;
  url: string;
}
export interface AuthorState {
  fullName: string;
  penName: string;
  agency: string;
  email: string;
  /** As typed: "33,33" or "33.33". */
  share: string;
}
export interface EditorState {
  categoryId: string;
  title: string;
  summary: string;
  outlet: string;
  kind: "SINGLE" | "SERIES";
  parts: PartState[];
  authors: AuthorState[];
  declaredOriginal: boolean;
  declaredOtherAward: boolean;
  otherAwardDetails: string;
}

export const emptyPart = (): PartState => ({ title: "", publishedOn: "", url: "" });

/** The editor's state; shares shown in the reader's number format ("33,34" in Vietnamese). */
export function stateOf(form: EntryForm, locale = "vi"): EditorState {
  return {
    ...form,
    parts: form.parts.map((p) => ({ ...p })),
    authors: form.authors.map((a) => ({ ...a, share: formatPercentNumber(a.sharePercent, locale) })),
  };
}

const shareNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.trim().replace(",", ".")));

export function payloadOf(state: EditorState, version?: number) {
  return {
    version,
    ...state,
    authors: state.authors.map(({ share, ...a }) => ({ ...a, sharePercent: shareNumber(share) })),
  };
}

export function validate(state: EditorState, version?: number) {
  const parsed = EntryFormSchema.safeParse(payloadOf(state, version));
  return parsed.success
    ? { form: parsed.data, errors: {} as Record<string, string[]> }
    : { form: null, errors: issuesByPath(parsed.error) };
}

export function splitEvenly(authors: AuthorState[], locale = "vi"): AuthorState[] {
  const bps = evenSharesBp(authors.length);
  return authors.map((a, i) => ({ ...a, share: formatPercentNumber(bps[i]! / 100, locale) }));
}

export function sharesTotal(authors: AuthorState[]): number {
  return authors.reduce((s, a) => s + (Math.round(shareNumber(a.share) * 100) || 0), 0) / 100;
}

/** A rule issue as a sentence naming the rule, dates shown dd/mm/yyyy. */
export function ruleText(t: TFunction, issue: RuleIssue, locale = "vi"): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(issue.params ?? {})) {
    params[k] =
      typeof v === "string" && isIsoDate(v)
        ? formatIsoDate(v)
        : k === "total" && typeof v === "number"
          ? formatPercentNumber(v, locale)
          : v;
  }
  return t(`entry:rule.${issue.rule}`, params);
}

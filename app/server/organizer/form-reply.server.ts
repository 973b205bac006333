import type { Submission, SubmissionResult } from "@conform-to/zod/v4";
import { orgText } from "./i18n.server.ts";

/**
 * The reply to a form that failed its intent's schema. A field's error shows beside the field;
 * an unknown intent or a missing hidden id has no field to show it, so the form says "invalid
 * input" at its top instead of staying silent.
 */
export function rejectedForm(
  request: Request,
  submission: Submission<unknown>,
  hiddenFields: readonly string[],
): SubmissionResult<string[]> {
  const reply = submission.reply();
  const fieldless = !reply.error || ["intent", ...hiddenFields].some((k) => reply.error?.[k]);
  if (!fieldless) return reply;
  return { ...reply, error: { ...reply.error, "": [orgText(request).t("organizer:invalidForm")] } };
}

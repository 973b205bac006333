import { data, redirect } from "@remix-run/node";
import { EntryFormSchema, issuesByPath } from "#app/domain/entry-form.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import type { EntryActionData } from "#app/components/entry/entry-editor.tsx";
import { getDb } from "./db.server.ts";
import { RuleError, saveEntry } from "./entries.server.ts";
import { DomainError } from "./errors.server.ts";
import type { SessionUser } from "./session.server.ts";
import { submitEntry, withdrawEntry } from "./submission.server.ts";

/** Turns a refusal of the domain into what the editor shows; anything else is rethrown. */
export function refusal(err: unknown) {
  if (err instanceof RuleError) return data<EntryActionData>({ issues: err.issues }, { status: 422 });
  if (err instanceof DomainError) {
    return data<EntryActionData>({ formError: `entry:errors.${err.code}` }, { status: err.status });
  }
  throw err;
}

/**
 * The editor's post: `intent` save | submit | withdraw, the form as JSON in `payload`.
 * Validated with the shared schema, authorised by the services (owner only), then
 * redirected so a reload never posts twice.
 */
export async function handleEntryPost(
  request: Request,
  input: { user: SessionUser; contestId: string; entryId?: string; formData: FormData },
) {
  const intent = String(input.formData.get("intent") ?? "save");
  const db = await getDb();
  const locale = getLocale(request);
  const requestId = request.headers.get("x-request-id") ?? "";
  try {
    if (intent === "withdraw" && input.entryId) {
      await withdrawEntry(db, { userId: input.user.id, entryId: input.entryId, locale, requestId });
      return redirect(`/me/entries/${input.entryId}?done=withdrawn`);
    }
    if (intent !== "save" && intent !== "submit") {
      return data<EntryActionData>({ formError: "entry:errors.invalid" }, { status: 400 });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(String(input.formData.get("payload") ?? ""));
    } catch {
      return data<EntryActionData>({ formError: "entry:errors.invalid" }, { status: 400 });
    }
    const parsed = EntryFormSchema.safeParse(raw);
    if (!parsed.success) {
      return data<EntryActionData>({ fieldErrors: issuesByPath(parsed.error), formError: "entry:errors.invalid" }, { status: 400 });
    }
    const { id } = await saveEntry(db, {
      userId: input.user.id,
      contestId: input.contestId,
      entryId: input.entryId,
      form: parsed.data,
      requestId,
    });
    if (intent === "submit") {
      const r = await submitEntry(db, { userId: input.user.id, entryId: id, locale, requestId });
      return redirect(`/me/entries/${id}?done=submitted&code=${encodeURIComponent(r.code)}`);
    }
    return redirect(`/me/entries/${id}?done=saved`);
  } catch (err) {
    return refusal(err);
  }
}

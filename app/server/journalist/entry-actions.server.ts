import { data, redirect } from "@remix-run/node";
import { EntryFormSchema, issuesByPath, type EntryForm } from "#app/domain/entry-form.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import type { EntryActionData } from "#app/domain/entry-editor.ts";
import { parseJsonField } from "../shared/body.server.ts";
import { getDb, type Db } from "../shared/db.server.ts";
import { formOf, getOwnEntry, RuleError, saveEntry, type OwnEntry } from "./entries.server.ts";
import type { DomainError } from "../shared/errors.server.ts";
import { adoptSessionRow, hashToken, sessionToken, type SessionUser } from "../shared/session.server.ts";
import { loadEntryToSubmit, loadEntryToSubmitAs } from "./entry-load.server.ts";
import { attempt, type RefusalReply } from "../shared/refusals.server.ts";
import { submitEntry, submitLoaded, withdrawEntry } from "./submission.server.ts";

/** What the editor shows for a refusal: the broken entry rules next to their fields, else the sentence. */
export function refused(r: RefusalReply & { error: DomainError }) {
  if (r.error instanceof RuleError) return data<EntryActionData>({ issues: r.error.issues }, { status: r.status });
  return data<EntryActionData>({ formError: r.message }, { status: r.status });
}

/**
 * The editor's post: `intent` save | submit | withdraw, the form as JSON in `payload`.
 * Validated with the shared schema, authorised by the services (owner only), then
 * redirected so a reload never posts twice.
 */
export async function handleEntryPost(
  request: Request,
  input: {
    user: Pick<SessionUser, "id">;
    contestId: string;
    entryId?: string;
    formData: FormData;
    db?: Db;
    /** The entry as the route just loaded it (owner checked), to skip a save that changes nothing. */
    stored?: OwnEntry;
  },
) {
  const intent = String(input.formData.get("intent") ?? "save");
  const db = input.db ?? (await getDb());
  const locale = getLocale(request);
  const requestId = request.headers.get("x-request-id") ?? "";
  const submitted = (id: string, code: string) =>
    redirect(`/me/entries/${id}?done=submitted&code=${encodeURIComponent(code)}`);
  let form: EntryForm | null = null;
  const first = await attempt(request, async () => {
    if (intent === "withdraw" && input.entryId) {
      await withdrawEntry(db, { userId: input.user.id, entryId: input.entryId, locale, requestId });
      return redirect(`/me/entries/${input.entryId}?done=withdrawn`);
    }
    if (intent !== "save" && intent !== "submit") {
      return data<EntryActionData>({ formError: "entry:errors.invalid" }, { status: 400 });
    }
    let raw: unknown;
    try {
      raw = parseJsonField(String(input.formData.get("payload") ?? ""));
    } catch {
      return data<EntryActionData>({ formError: "entry:errors.invalid" }, { status: 400 });
    }
    const parsed = EntryFormSchema.safeParse(raw);
    if (!parsed.success) {
      return data<EntryActionData>(
        { fieldErrors: issuesByPath(parsed.error), formError: "entry:errors.invalid" },
        { status: 400 },
      );
    }
    form = parsed.data;
    // "Nộp" on an unchanged draft (the usual case at the deadline) has nothing to save: go
    // straight to submitting, which halves the database work of the rush.
    const stored = input.stored;
    if (
      intent === "submit" &&
      stored &&
      stored.id === input.entryId &&
      stored.status === "DRAFT" &&
      form.version === stored.version &&
      sameContent(formOf(stored), form)
    ) {
      const r = await submitEntry(db, { userId: input.user.id, entryId: stored.id, locale, requestId, known: stored });
      return submitted(stored.id, r.code);
    }
    const { id } = await saveEntry(db, {
      userId: input.user.id,
      contestId: input.contestId,
      entryId: input.entryId,
      form,
      requestId,
    });
    if (intent === "submit") {
      const r = await submitEntry(db, { userId: input.user.id, entryId: id, locale, requestId });
      return submitted(id, r.code);
    }
    return redirect(`/me/entries/${id}?done=saved`);
  });
  if (first.ok) return first.value;
  // A repeated submit (double click, retry, parallel copies) lost the save race or found the
  // entry already submitted. If what it carries is exactly what is stored, it is the same
  // submission: submitEntry is idempotent, so finish it (or find it finished) and show the receipt.
  const repeated = form as EntryForm | null;
  if (intent === "submit" && input.entryId && repeated && (first.code === "stale" || first.code === "readonly")) {
    const stored = await getOwnEntry(db, input.user.id, input.entryId);
    if (sameContent(formOf(stored), repeated)) {
      const again = await attempt(request, () =>
        submitEntry(db, { userId: input.user.id, entryId: stored.id, locale, requestId }),
      );
      return again.ok ? submitted(stored.id, again.value.code) : refused(again);
    }
  }
  return refused(first);
}

/**
 * "Nộp" on a draft whose posted form is exactly what is stored (the usual post at the deadline):
 * submitted in the one transaction, without loading the entry first (the locking read checks
 * owner, status, version and content). Null when that is not the case (a stranger's or missing
 * entry, an edited form, a bad payload, a submitted entry): the caller then takes the usual path,
 * which gives the same answers (404, 400, save then submit) as before.
 * Without `user` (the route's rush path), the session is looked up in the same statement as the
 * entry and decided by the session's own rules (adoptSessionRow); null also when it is not a
 * valid session, and the route's requireUser then answers as for any post (from the same decision).
 */
export async function submitUnchangedDraft(
  request: Request,
  input: { user?: Pick<SessionUser, "id">; entryId: string; formData: FormData; db?: Db },
): Promise<Response | ReturnType<typeof refused> | null> {
  if (input.formData.get("intent") !== "submit") return null;
  let raw: unknown;
  try {
    raw = parseJsonField(String(input.formData.get("payload") ?? ""));
  } catch {
    return null;
  }
  const parsed = EntryFormSchema.safeParse(raw);
  if (!parsed.success) return null;
  const form = parsed.data;
  if (form.version === undefined) return null;
  const db = input.db ?? (await getDb());
  let user = input.user;
  let loaded: Awaited<ReturnType<typeof loadEntryToSubmit>>;
  if (user) loaded = await loadEntryToSubmit(db, input.entryId);
  else {
    const token = sessionToken(request);
    if (!token) return null;
    const both = await loadEntryToSubmitAs(db, input.entryId, hashToken(token));
    const signedIn = await adoptSessionRow(db, request, both.session);
    if (!signedIn) return null;
    user = signedIn;
    loaded = both.loaded;
  }
  // Optimistic (submitLoaded): the write checks the row is still the version read.
  if (!loaded || !(loaded.entry.version === form.version && sameContent(formOf(loaded.entry), form))) return null;
  const userId = user.id;
  const r = await attempt(request, () =>
    submitLoaded(db, loaded, {
      userId,
      locale: getLocale(request),
      requestId: request.headers.get("x-request-id") ?? "",
    }),
  );
  if (!r.ok) return refused(r);
  if (!r.value) return null;
  return redirect(`/me/entries/${input.entryId}?done=submitted&code=${encodeURIComponent(r.value.code)}`);
}

function sameContent(a: EntryForm, b: EntryForm): boolean {
  const strip = ({ version: _v, ...rest }: EntryForm) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

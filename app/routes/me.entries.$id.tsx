import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { DeadlineBanner } from "#app/components/entry/controls.tsx";
import { EntryEditor, type EntryActionData } from "#app/components/entry/entry-editor.tsx";
import { EvidenceUploader } from "#app/components/entry/evidence-uploader.tsx";
import { stateOf } from "#app/components/entry/state.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { mimeLabel } from "#app/domain/evidence-labels.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { certificateLinks } from "#app/server/journalist/certificates.server.ts";
import { contestCategories, filesByPart, formOf, getOwnEntry } from "#app/server/journalist/entries.server.ts";
import { handleEntryPost, refused, submitUnchangedDraft } from "#app/server/journalist/entry-actions.server.ts";
import { editorContext } from "#app/server/journalist/entry-view.server.ts";
import { deleteDraft, removeFile } from "#app/server/journalist/evidence.server.ts";
import { requireUser, sessionToken } from "#app/server/shared/session.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  catalogueTitle(matches, "entry:editEntry", [data?.entry.code ?? data?.entry.title]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const locale = getLocale(request);
  const entry = await getOwnEntry(db, user.id, params.id ?? "");
  const ctx = editorContext({ ...entry.contest, categories: await contestCategories(db, entry.contestId) }, locale);
  const changeable = entry.status === "DRAFT" || entry.status === "SUBMITTED";
  return {
    ...ctx,
    entry: {
      id: entry.id,
      code: entry.code,
      title: entry.title,
      status: entry.status,
      statusReason: entry.statusReason,
      version: entry.version,
    },
    initial: stateOf(formOf(entry), locale),
    certificates: await certificateLinks(db, user.id, entry.id),
    editable: changeable && ctx.contest.open,
    files: filesByPart(entry),
    parts: entry.parts.map((p) => ({
      id: p.id,
      files: p.files.map((f) => ({
        id: f.id,
        name: f.originalName,
        type: mimeLabel(f.mimeType),
        size: formatBytes(Number(f.sizeBytes), locale),
      })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // No session cookie at all: to the login page before the body is read. With one, the rush's
  // submit decides the session in the same statement as the entry read (submitUnchangedDraft);
  // every other post (and an invalid session) is answered by requireUser, from that same decision.
  if (!sessionToken(request)) await requireUser(request);
  const db = await getDb();
  const formData = await readForm(request);
  // The deadline rush's post: an unchanged draft is submitted with one read (session and entry).
  const fast = await submitUnchangedDraft(request, { entryId: params.id ?? "", formData, db });
  if (fast) return fast;
  const user = await requireUser(request);
  if (formData.get("intent") === "deleteDraft") {
    try {
      const r = await attempt(request, () =>
        deleteDraft(db, {
          userId: user.id,
          entryId: params.id ?? "",
          requestId: request.headers.get("x-request-id") ?? "",
        }),
      );
      if (!r.ok) return refused(r);
    } catch (err) {
      // A second click finds the draft already gone: the first one did the work.
      if (!(err instanceof Response && err.status === 404)) throw err;
    }
    return redirect("/me/entries?done=deleted");
  }
  const entry = await getOwnEntry(db, user.id, params.id ?? "");
  if (formData.get("intent") === "removeFile") {
    const r = await attempt(request, () =>
      removeFile(db, { userId: user.id, entryId: entry.id, fileId: String(formData.get("fileId") ?? "") }),
    );
    return r.ok ? { removed: true } : refused(r);
  }
  return handleEntryPost(request, { user, contestId: entry.contestId, entryId: entry.id, formData, stored: entry });
}

export default function EntryPage() {
  const { t } = useTranslation("entry");
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as EntryActionData | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const category = d.categories.find((c) => c.id === d.initial.categoryId);
  const { types, max } = category?.accepts ?? { types: "", max: "" };
  return (
    <section className="entry-page">
      <p>
        <Link to="/me/entries">← {t("myEntries")}</Link>
      </p>
      <h1>
        {t("editEntry")} {d.entry.code ? <span className="entry-code">{d.entry.code}</span> : null}
      </h1>
      <p className="muted">
        {d.contest.name} ·{" "}
        <span className={`status status--${d.entry.status.toLowerCase()}`}>{t(`statuses.${d.entry.status}`)}</span>
      </p>
      {d.entry.statusReason && d.entry.status !== "WITHDRAWN" ? (
        <p>
          {t("organizerNote")}: {d.entry.statusReason}
        </p>
      ) : null}
      {done === "saved" ? (
        <p role="status" className="flash">
          {t("saved")}
        </p>
      ) : null}
      {done === "submitted" ? (
        <p role="status" className="flash">
          {t("submitted", { code: d.entry.code })}
        </p>
      ) : null}
      {done === "withdrawn" ? (
        <p role="status" className="flash">
          {t("withdrawn")}
        </p>
      ) : null}
      <DeadlineBanner
        deadline={d.contest.deadline}
        leftMs={d.contest.leftMs}
        open={d.contest.open}
        deadlinePassed={d.contest.deadlinePassed}
      />
      {/* What the entry's own state means now, whatever the contest's timing. */}
      {d.entry.status === "WITHDRAWN" ? (
        <p className="notice">{t("withdrawnState")}</p>
      ) : !d.editable ? (
        <p className="muted">{t("readOnly")}</p>
      ) : null}
      {d.entry.code ? (
        <p>
          <a href={`/me/entries/${d.entry.id}/receipt`}>{t("receipt")}</a>
        </p>
      ) : null}
      {d.certificates.length ? (
        <section className="card" aria-labelledby="certificates-title">
          <h2 id="certificates-title">{t("certificates.title")}</h2>
          <p>{t("certificates.intro")}</p>
          <ul>
            {d.certificates.map((c) => (
              <li key={c.authorId}>
                <a href={`/me/entries/${d.entry.id}/certificates/${c.authorId}`} download>
                  {t("certificates.link", { name: c.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EntryEditor
        key={d.entry.version}
        initial={d.initial}
        version={d.entry.version}
        status={d.entry.status}
        contest={d.contest.rules}
        categories={d.categories}
        files={d.files}
        serverNow={d.serverNow}
        editable={d.editable}
        actionData={actionData}
        partExtras={(i) => {
          const part = d.parts[i];
          if (!part) return <p className="hint">{t("saveFirst")}</p>;
          return (
            <div className="evidence">
              <h4>{t("files", { n: i + 1 })}</h4>
              {part.files.length ? (
                <ul className="file-list">
                  {part.files.map((f) => (
                    <li key={f.id}>
                      <a href={`/me/files/${f.id}`}>{f.name}</a>{" "}
                      <span className="muted">
                        ({f.type}, {f.size})
                      </span>
                      {d.editable ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="fileId" value={f.id} />
                          <button type="submit" name="intent" value="removeFile" className="link-button">
                            {t("removeFile", { name: f.name })}
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t("noFiles")}</p>
              )}
              {d.editable ? (
                <EvidenceUploader
                  entryId={d.entry.id}
                  partId={part.id}
                  partNumber={i + 1}
                  accept={category?.acceptMime ?? ""}
                  acceptsText={t("accepts", { types, max })}
                />
              ) : null}
            </div>
          );
        }}
      />
      {d.entry.status === "DRAFT" ? (
        <Form
          method="post"
          className="withdraw-form"
          onSubmit={(e) => {
            const count = d.parts.reduce((n, p) => n + p.files.length, 0);
            if (!window.confirm(t("deleteDraftConfirm", { title: d.entry.title || t("untitled"), count })))
              e.preventDefault();
          }}
        >
          <button type="submit" name="intent" value="deleteDraft" className="btn btn--danger">
            {t("deleteDraft")}
          </button>
        </Form>
      ) : null}
      {d.editable && d.entry.status === "SUBMITTED" ? (
        <Form
          method="post"
          className="withdraw-form"
          onSubmit={(e) => {
            if (!window.confirm(t("withdrawConfirm", { code: d.entry.code }))) e.preventDefault();
          }}
        >
          <button type="submit" name="intent" value="withdraw" className="btn btn--danger">
            {t("withdraw")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

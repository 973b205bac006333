import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { DeadlineBanner } from "#app/components/entry/controls.tsx";
import { EntryEditor, type EntryActionData } from "#app/components/entry/entry-editor.tsx";
import type { EditorState } from "#app/components/entry/state.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getProfile } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { getPublicContest } from "#app/server/journalist/entries.server.ts";
import { handleEntryPost } from "#app/server/journalist/entry-actions.server.ts";
import { editorContext } from "#app/server/journalist/entry-view.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { readForm } from "#app/server/shared/body.server.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "entry:newEntry");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const contest = await getPublicContest(db, params.slug ?? "");
  const me = await getProfile(db, user.id);
  // The submitter is the first author, filled in from their profile.
  const initial: EditorState = {
    categoryId: "",
    title: "",
    summary: "",
    outlet: me.agency,
    kind: "SINGLE",
    parts: [{ title: "", publishedOn: "", url: "" }],
    authors: [{ fullName: me.name, penName: me.penNames[0] ?? "", agency: me.agency, email: me.email, share: "100" }],
    declaredOriginal: false,
    declaredOtherAward: false,
    otherAwardDetails: "",
  };
  return { ...editorContext(contest, getLocale(request)), initial };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const contest = await getPublicContest(await getDb(), params.slug ?? "");
  const formData = await readForm(request);
  // A new entry is saved as a draft first: evidence is uploaded to the saved draft.
  formData.set("intent", "save");
  return handleEntryPost(request, { user, contestId: contest.id, formData });
}

export default function NewEntryPage() {
  const { t } = useTranslation("entry");
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as EntryActionData | undefined;
  return (
    <section className="entry-page">
      <h1>{t("newEntry")}</h1>
      <p className="muted">{d.contest.name}</p>
      <DeadlineBanner
        deadline={d.contest.deadline}
        leftMs={d.contest.leftMs}
        open={d.contest.open}
        deadlinePassed={d.contest.deadlinePassed}
      />
      {d.contest.open ? (
        <>
          <p className="hint">{t("saveFirst")}</p>
          <EntryEditor
            initial={d.initial}
            status="NEW"
            contest={d.contest.rules}
            categories={d.categories}
            files={[]}
            serverNow={d.serverNow}
            editable
            actionData={actionData}
          />
        </>
      ) : (
        <p role="alert">{t("notOpen")}</p>
      )}
    </section>
  );
}

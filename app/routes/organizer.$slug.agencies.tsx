import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { z } from "zod";
import { SubmitButton } from "#app/components/forms.tsx";
import { Notice } from "#app/components/organizer/ui.tsx";
import { readForm } from "#app/server/shared/body.server.ts";
import { deleteAgency, listAgencies, saveAgency } from "#app/server/organizer/agencies.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { attempt } from "#app/server/shared/refusals.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  return { agencies: await listAgencies(db, contest.id) };
}

const Text = (max: number) => z.string().max(max).optional().default("");
const SaveSchema = z.object({
  intent: z.literal("save"),
  id: z.string().max(40).optional(),
  name: z.string().trim().min(1).max(200),
  shortNames: Text(2000),
  aliases: Text(4000),
});
const DeleteSchema = z.object({ intent: z.literal("delete"), id: z.string().min(1).max(40) });
const ActionSchema = z.discriminatedUnion("intent", [SaveSchema, DeleteSchema]);

type Reply = { ok: boolean; done?: "saved" | "deleted"; error?: string; formId: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const form = Object.fromEntries(await readForm(request));
  const text = orgText(request);
  const formId = typeof form.id === "string" && form.id ? form.id : "new";
  const p = ActionSchema.safeParse({ ...form, id: form.id || undefined });
  if (!p.success)
    return data<Reply>(
      { ok: false, formId, error: text.t("agencies.errors.nameRequired", { ns: "organizer" }) },
      { status: 400 },
    );
  const input = p.data;
  const r = await attempt(request, async () => {
    if (input.intent === "save")
      await saveAgency(db, {
        contestId: contest.id,
        id: input.id,
        name: input.name,
        shortNames: input.shortNames,
        aliases: input.aliases,
        actorId: user.id,
      });
    else await deleteAgency(db, { contestId: contest.id, id: input.id, actorId: user.id });
  });
  if (!r.ok) return data<Reply>({ ok: false, formId, error: r.message }, { status: r.status });
  return data<Reply>({ ok: true, formId, done: input.intent === "save" ? "saved" : "deleted" });
}

function AgencyForm({
  agency,
  busy,
  reply,
}: {
  agency?: { id: string; name: string; shortNames: string[]; aliases: string[] };
  busy: boolean;
  reply?: Reply;
}) {
  const { t } = useTranslation("organizer");
  const key = agency?.id ?? "new";
  const mine = reply?.formId === key ? reply : undefined;
  return (
    <Form
      method="post"
      className="card stack"
      aria-label={agency ? t("agencies.editLabel", { name: agency.name }) : t("agencies.addTitle")}
      key={agency ? `${agency.id}:${agency.name}:${agency.shortNames.join()}:${agency.aliases.join()}` : undefined}
    >
      {agency ? <input type="hidden" name="id" value={agency.id} /> : null}
      {mine?.error ? (
        <p role="alert" className="field-error">
          {mine.error}
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`name-${key}`}>{t("agencies.name")}</label>
          <input id={`name-${key}`} name="name" required maxLength={200} defaultValue={agency?.name ?? ""} />
        </div>
        <div className="field">
          <label htmlFor={`short-${key}`}>{t("agencies.shortNames")}</label>
          <textarea
            id={`short-${key}`}
            name="shortNames"
            rows={2}
            maxLength={2000}
            defaultValue={agency?.shortNames.join("\n") ?? ""}
            aria-describedby="agencies-lines-hint"
          />
        </div>
        <div className="field">
          <label htmlFor={`aliases-${key}`}>{t("agencies.aliases")}</label>
          <textarea
            id={`aliases-${key}`}
            name="aliases"
            rows={2}
            maxLength={4000}
            defaultValue={agency?.aliases.join("\n") ?? ""}
            aria-describedby="agencies-lines-hint"
          />
        </div>
      </div>
      <div className="button-row">
        <SubmitButton name="intent" value="save" pending={busy}>
          {agency ? t("agencies.save") : t("agencies.add")}
        </SubmitButton>
        {agency ? (
          <SubmitButton name="intent" value="delete" pending={busy} className="btn btn--secondary" formNoValidate>
            {t("agencies.delete")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

/** The contest's press agencies: names, short names and aliases that conflict detection treats as one. */
export default function AgenciesPage() {
  const { t } = useTranslation("organizer");
  const { agencies } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state !== "idle";
  return (
    <section>
      <h1>{t("agencies.title")}</h1>
      <p>{t("agencies.intro")}</p>
      <p id="agencies-lines-hint" className="hint">
        {t("agencies.linesHint")}
      </p>
      <Notice>{reply?.ok ? t(`agencies.${reply.done}`) : null}</Notice>
      <h2>{t("agencies.addTitle")}</h2>
      <AgencyForm
        busy={busy}
        reply={reply}
        key={reply?.ok && reply.formId === "new" ? `new-${agencies.length}` : "new"}
      />
      <h2>{t("agencies.listTitle", { count: agencies.length })}</h2>
      {agencies.length === 0 ? (
        <p>{t("agencies.none")}</p>
      ) : (
        agencies.map((a) => <AgencyForm key={a.id} agency={a} busy={busy} reply={reply} />)
      )}
    </section>
  );
}

import { readForm } from "#app/server/shared/body.server.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatInstant } from "#app/domain/format.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { env } from "#app/server/shared/env.server.ts";
import { z } from "zod";
import { requireAdmin } from "#app/server/shared/permissions.server.ts";
import { listOutbox, requeueMail } from "#app/server/shared/outbox-admin.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "outbox:title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return {
    ...(await listOutbox(await getDb())),
    smtpConfigured: Boolean(env().SMTP_URL),
    timeZone: env().PLATFORM_TIME_ZONE,
  };
}

const RequeueSchema = z.object({ intent: z.literal("requeue"), id: z.string().min(1).max(40) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = RequeueSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ requeued: null, error: "badRequest" as const }, { status: 400 });
  const ok = await requeueMail(await getDb(), { id: parsed.data.id, actorId: admin.id });
  // Already requeued (double click, another admin) or gone: say so, change nothing.
  if (!ok) return data({ requeued: null, error: "notFailed" as const }, { status: 409 });
  return { requeued: parsed.data.id, error: null };
}

/** The dev outbox: what the platform sent or would send, for admins. */
export default function OutboxPage() {
  const { mails, failed, smtpConfigured, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("outbox");
  return (
    <section>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {smtpConfigured ? null : <p className="notice">{t("smtpOff")}</p>}
      <div role="status">
        {actionData?.requeued ? <p className="notice">{t("requeued")}</p> : null}
        {actionData?.error ? <p className="error">{t(`requeueErrors.${actionData.error}`)}</p> : null}
      </div>
      {failed.length > 0 ? (
        <>
          <h2>{t("failedTitle", { count: failed.length })}</h2>
          <p>{t("failedIntro")}</p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("createdAt")}</th>
                  <th scope="col">{t("to")}</th>
                  <th scope="col">{t("subject")}</th>
                  <th scope="col">{t("lastError")}</th>
                  <th scope="col" className="num">
                    {t("attempts")}
                  </th>
                  <th scope="col">{t("actions")}</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((m) => (
                  <tr key={m.id}>
                    <td>{formatInstant(m.createdAt, timeZone)}</td>
                    <td>{m.to}</td>
                    <td>
                      <Link to={m.id}>{m.subject}</Link>
                    </td>
                    <td>{m.lastError}</td>
                    <td className="num">{m.attempts}</td>
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="requeue" />
                        <input type="hidden" name="id" value={m.id} />
                        <button
                          type="submit"
                          disabled={busy}
                          aria-label={t("requeueLabel", { to: m.to, subject: m.subject })}
                        >
                          {t("requeue")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("allTitle")}</h2>
        </>
      ) : null}
      {mails.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("createdAt")}</th>
                <th scope="col">{t("to")}</th>
                <th scope="col">{t("subject")}</th>
                <th scope="col">{t("template")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col" className="num">
                  {t("attempts")}
                </th>
              </tr>
            </thead>
            <tbody>
              {mails.map((m) => (
                <tr key={m.id}>
                  <td>{formatInstant(m.createdAt, timeZone)}</td>
                  <td>{m.to}</td>
                  <td>
                    <Link to={m.id}>{m.subject}</Link>
                  </td>
                  <td>{m.template}</td>
                  <td>{t(`statuses.${m.status}`)}</td>
                  <td className="num">{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

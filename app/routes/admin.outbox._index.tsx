import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatInstant } from "#app/domain/format.ts";
import { getDb } from "#app/server/db.server.ts";
import { env } from "#app/server/env.server.ts";
import { requireAdmin } from "#app/server/permissions.server.ts";
import { pageTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, { vi: "Hộp thư đi", en: "Outbox" });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const mails = await (await getDb()).outboxMail.findMany({
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, to: true, subject: true, template: true, status: true, attempts: true, createdAt: true },
  });
  return { mails, smtpConfigured: Boolean(env().SMTP_URL) };
}

/** The dev outbox: what the platform sent or would send, for admins. */
export default function OutboxPage() {
  const { mails, smtpConfigured } = useLoaderData<typeof loader>();
  const { t } = useTranslation("outbox");
  return (
    <section>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {smtpConfigured ? null : <p className="notice">{t("smtpOff")}</p>}
      {mails.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("createdAt")}</th>
              <th scope="col">{t("to")}</th>
              <th scope="col">{t("subject")}</th>
              <th scope="col">{t("template")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col" className="num">{t("attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td>{formatInstant(m.createdAt)}</td>
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
      )}
    </section>
  );
}

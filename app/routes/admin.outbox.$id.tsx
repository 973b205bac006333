import { env } from "#app/server/shared/env.server.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatInstant } from "#app/domain/format.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { getOutboxMail } from "#app/server/shared/outbox-admin.server.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { requireAdmin } from "#app/server/shared/permissions.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = z.string().max(40).safeParse(params.id);
  if (!id.success) throw notFound();
  const mail = await getOutboxMail(await getDb(), id.data);
  if (!mail) throw notFound();
  return { mail, timeZone: env().PLATFORM_TIME_ZONE };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  catalogueTitle(matches, "outbox:title", [data?.mail.subject]);

export default function OutboxMailPage() {
  const { mail, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation("outbox");
  return (
    <section>
      <p>
        <Link to="/admin/outbox">{t("back")}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="facts">
        <div>
          <dt>{t("to")}</dt>
          <dd>{mail.to}</dd>
        </div>
        <div>
          <dt>{t("createdAt")}</dt>
          <dd>{formatInstant(mail.createdAt, timeZone)}</dd>
        </div>
        <div>
          <dt>{t("status")}</dt>
          <dd>{t(`statuses.${mail.status}`)}</dd>
        </div>
        {mail.lastError ? (
          <div>
            <dt>{t("lastError")}</dt>
            <dd>{mail.lastError}</dd>
          </div>
        ) : null}
      </dl>
      <h2>{t("html")}</h2>
      {/* Sandboxed: the mail's HTML never runs scripts or touches this page. */}
      <iframe title={t("html")} sandbox="" srcDoc={mail.html} className="mail-preview" />
      <h2>{t("text")}</h2>
      <pre className="mail-text">{mail.text}</pre>
    </section>
  );
}

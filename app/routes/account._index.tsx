import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { isAdmin, judgeContestIds, organizerContestIds } from "#app/server/shared/permissions.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "auth:account");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    admin: isAdmin(user),
    organizer: organizerContestIds(user).length > 0,
    judge: judgeContestIds(user).length > 0,
  };
}

/** The signed-in user's start page: links to every area their roles open. */
export default function AccountPage() {
  const { t } = useTranslation("auth");
  const me = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("accountTitle")}</h1>
      <p>{t("signedInAs", { name: me.name, email: me.email })}</p>
      <h2>{t("yourSpaces")}</h2>
      <ul className="space-list">
        <li>
          <Link to="/me/entries">{t("myEntries")}</Link>
        </li>
        <li>
          <Link to="/account/profile">{t("account:profileLink")}</Link>
        </li>
        <li>
          <Link to="/account/security">{t("account:securityLink")}</Link>
        </li>
        <li>
          <Link to="/account/two-factor">{t("security:link")}</Link>
        </li>
        <li>
          <Link to="/account/privacy">{t("privacy:link")}</Link>
        </li>
        {me.judge ? (
          <li>
            <Link to="/judge">{t("judging")}</Link>
          </li>
        ) : null}
        {me.organizer || me.admin ? (
          <li>
            <Link to="/organizer">{t("organizing")}</Link>
          </li>
        ) : null}
        {me.admin ? (
          <li>
            <Link to="/admin">{t("admin")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

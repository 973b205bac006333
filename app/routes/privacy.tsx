import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { CONSENT_TEXT_VERSION } from "#app/domain/account-schemas.ts";

export const meta: MetaFunction = ({ matches }) => catalogueTitle(matches, "privacy:noticeTitle");

/** The full notice the registration consent refers to (Decree 13/2023/NĐ-CP), versioned. */
export function PrivacyNotice({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("privacy");
  const H = `h${headingLevel}` as const;
  return (
    <>
      {(["what", "why", "howLong", "who", "rights"] as const).map((k) => (
        <section key={k}>
          <H>{t(`${k}Title`)}</H>
          <p>{t(k)}</p>
        </section>
      ))}
    </>
  );
}

export default function PrivacyPage() {
  const { t } = useTranslation("privacy");
  return (
    <section className="narrow">
      <h1>{t("noticeTitle")}</h1>
      <p>{t("noticeVersion", { version: CONSENT_TEXT_VERSION })}</p>
      <PrivacyNotice />
    </section>
  );
}

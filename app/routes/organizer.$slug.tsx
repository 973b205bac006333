import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { OrganizerNav } from "#app/components/organizer/ui.tsx";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";
import { pickLocale } from "#app/domain/text.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const en = (matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale === "en";
  return catalogueTitle(matches, "organizer:home.title", [en ? data?.nameEn || data?.nameVi : data?.nameVi]);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await loadOrganizedContest(request, params.slug);
  return { slug: contest.slug, nameVi: contest.nameVi, nameEn: contest.nameEn, phase: contest.phase };
}

/** Frame of one contest's organizer pages: its name, phase and the section navigation. */
export default function OrganizerContestLayout() {
  const { t, i18n } = useTranslation("organizer");
  const c = useLoaderData<typeof loader>();
  return (
    <div className="org">
      <p className="org__contest">
        {pickLocale(i18n.language, c.nameVi, c.nameEn)} ·{" "}
        <span className="badge" data-phase={c.phase}>
          {t(`phase.${c.phase}`)}
        </span>
      </p>
      <OrganizerNav slug={c.slug} />
      <Outlet />
    </div>
  );
}

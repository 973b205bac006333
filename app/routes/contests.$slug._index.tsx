import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ContestRules } from "#app/components/contest-rules.tsx";
import { getLocale } from "#app/i18n/locale.server.ts";
import { getContestRules } from "#app/server/journalist/contests.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { catalogueTitle } from "#app/components/meta.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const contest = await getContestRules(await getDb(), parsed.data.slug, getLocale(request));
  if (!contest) throw new Response("Not found", { status: 404 });
  return { contest };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  catalogueTitle(matches, null, [data?.contest.name]);

export default function ContestPage() {
  const { contest } = useLoaderData<typeof loader>();
  return <ContestRules contest={contest} />;
}

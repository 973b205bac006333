import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#app/server/shared/db.server.ts";
import { publicResults } from "#app/server/results/publish.server.ts";
import { getI18n, isLocale, type Locale } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });
// The message in the language asked for (?lang=, else the lng cookie or Accept-Language); `error` is the stable code.
const json404 = (lang: Locale) =>
  Response.json(
    { error: "not_found", message: getI18n(lang).t("api:results.notFound") },
    { status: 404, headers: { "Content-Language": lang } },
  );

/** Published results as JSON (404 until the contest is published). `?lang=en` for English names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const asked = new URL(request.url).searchParams.get("lang");
  // Names follow ?lang only (Vietnamese by default, as before); the refusal also honours the reader's language.
  const lang: Locale = asked === "en" ? "en" : "vi";
  const said: Locale = isLocale(asked) ? asked : getLocale(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) return json404(said);
  const results = await publicResults(await getDb(), parsed.data.slug, lang);
  if (!results) return json404(said);
  return Response.json(results, { headers: { "Cache-Control": "public, max-age=60" } });
}

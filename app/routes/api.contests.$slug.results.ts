import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#app/server/shared/db.server.ts";
import { publicResults } from "#app/server/results/publish.server.ts";

const Params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const json404 = () => Response.json({ error: "not_found", message: "Kết quả chưa được công bố hoặc không có giải này." }, { status: 404 });

/** Published results as JSON (404 until the contest is published). `?lang=en` for English names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) return json404();
  const lang = new URL(request.url).searchParams.get("lang") === "en" ? "en" : "vi";
  const results = await publicResults(await getDb(), parsed.data.slug, lang);
  if (!results) return json404();
  return Response.json(results, { headers: { "Cache-Control": "public, max-age=60" } });
}

import { checkDatabase } from "#app/server/shared/db.server.ts";

/** Liveness and database check for load balancers and the start script. */
export async function loader() {
  await checkDatabase();
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

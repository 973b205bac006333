import { getDb } from "#app/server/shared/db.server.ts";

/** Liveness and database check for load balancers and the start script. */
export async function loader() {
  const db = await getDb();
  await db.$queryRaw`SELECT 1`;
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

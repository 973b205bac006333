import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "#app/server/shared/audit.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { personalDataZip } from "#app/server/shared/personal-data.server.ts";
import { requireUser } from "#app/server/shared/session.server.ts";

/** The signed-in person's own data as a zip (data.json + their files), streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  await audit(db, { actorId: user.id, action: "user.data_export", targetType: "User", targetId: user.id });
  const zip = await personalDataZip(db, user.id);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(zip) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="du-lieu-ca-nhan-${day}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}

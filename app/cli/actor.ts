import type { Db } from "#app/server/shared/db.server.ts";

/**
 * Who a CLI command acts as, recorded in the audit log: the organizer (or admin) named by
 * `--as`, else the contest's first organizer. Prints why and returns null when there is none.
 */
export async function organizerActor(db: Db, contestId: string, as: string | undefined) {
  const actor = await db.user.findFirst({
    where: {
      ...(as ? { email: as.toLowerCase() } : {}),
      roleGrants: { some: { OR: [{ role: "ADMIN" }, { role: "ORGANIZER", contestId }] } },
    },
    orderBy: { createdAt: "asc" },
  });
  if (!actor) console.error(as ? `${as} không phải ban tổ chức của giải này.` : "Giải chưa có ban tổ chức nào; dùng --as <email>.");
  return actor;
}

import type { Db } from "#app/server/shared/db.server.ts";
import type { TFunction } from "i18next";

/**
 * Who a CLI command acts as, recorded in the audit log: the organizer (or admin) named by
 * `--as`, else the contest's first organizer. Prints why (in the CLI's language) and returns
 * null when there is none.
 */
export async function organizerActor(db: Db, contestId: string, as: string | undefined, t: TFunction) {
  const actor = await db.user.findFirst({
    where: {
      ...(as ? { email: as.toLowerCase() } : {}),
      roleGrants: { some: { OR: [{ role: "ADMIN" }, { role: "ORGANIZER", contestId }] } },
    },
    orderBy: { createdAt: "asc" },
  });
  if (!actor) console.error(as ? t("actor.notOrganizer", { email: as }) : t("actor.noOrganizer"));
  return actor;
}

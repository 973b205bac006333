import type { Prisma } from "#app/generated/prisma/client.ts";

/**
 * The one order categories are shown in. `sortOrder` is the organizer's setting, but several
 * categories may share it (it defaults to 0), and PostgreSQL returns ties in whatever order the
 * heap happens to hold them — after an update that order changes. The id (a cuid, which starts
 * with its creation time) breaks ties in creation order, so pages and exports never reshuffle.
 */
export const CATEGORY_ORDER = [{ sortOrder: "asc" }, { id: "asc" }] satisfies Prisma.CategoryOrderByWithRelationInput[];

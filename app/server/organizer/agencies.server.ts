/**
 * A contest's press-agency list: organizers keep it; profiles and mailed entries offer its
 * names; conflict detection treats every spelling of one agency as that agency.
 */
import { agencyKeyFor, checkAgency, parseSpellings } from "#app/domain/agencies.ts";
import type { AgencyKey } from "#app/domain/assignments.ts";
import { audit, type DbTx } from "#app/server/shared/audit.server.ts";
import type { Db } from "#app/server/shared/db.server.ts";
import { DomainError, notFound } from "#app/server/shared/errors.server.ts";

export function listAgencies(db: DbTx, contestId: string) {
  return db.pressAgency.findMany({
    where: { contestId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, shortNames: true, aliases: true },
  });
}

/** The comparison key conflict detection uses in this contest. */
export async function contestAgencyKey(db: DbTx, contestId: string): Promise<AgencyKey> {
  return agencyKeyFor(await listAgencies(db, contestId));
}

/**
 * Names to offer in an agency field (pick or type): every agency of the contests given, or of
 * every contest, full names first then short names, without repeats.
 */
export async function agencySuggestions(db: Db, contestIds?: string[]): Promise<string[]> {
  const rows = await db.pressAgency.findMany({
    where: contestIds ? { contestId: { in: contestIds } } : {},
    select: { name: true, shortNames: true },
    orderBy: { name: "asc" },
    take: 2000,
  });
  return [...new Set([...rows.map((r) => r.name), ...rows.flatMap((r) => r.shortNames)])];
}

/** Refuses with the list rules' refusals (the first decides the status). */
function refuse(r: ReturnType<typeof checkAgency>): never {
  DomainError.throwIf(r);
  throw new Error("refuse() needs at least one refusal");
}

export async function saveAgency(
  db: Db,
  input: { contestId: string; id?: string; name: string; shortNames: string; aliases: string; actorId: string },
) {
  const next = {
    id: input.id,
    name: input.name.trim().replace(/\s+/g, " "),
    shortNames: parseSpellings(input.shortNames),
    aliases: parseSpellings(input.aliases),
  };
  return db.$transaction(async (tx) => {
    const list = await tx.pressAgency.findMany({ where: { contestId: input.contestId } });
    const before = input.id ? list.find((a) => a.id === input.id) : undefined;
    if (input.id && !before) throw notFound();
    const problems = checkAgency(next, list);
    if (problems.length) refuse(problems);
    const data = { name: next.name, shortNames: next.shortNames, aliases: next.aliases };
    const saved = before
      ? await tx.pressAgency.update({ where: { id: before.id }, data })
      : await tx.pressAgency.create({ data: { ...data, contestId: input.contestId } });
    await audit(tx, {
      actorId: input.actorId,
      action: before ? "agency.update" : "agency.create",
      targetType: "PressAgency",
      targetId: saved.id,
      contestId: input.contestId,
      before: before ? { name: before.name, shortNames: before.shortNames, aliases: before.aliases } : undefined,
      after: data,
    });
    return saved;
  });
}

export async function deleteAgency(db: Db, input: { contestId: string; id: string; actorId: string }) {
  await db.$transaction(async (tx) => {
    const row = await tx.pressAgency.findFirst({ where: { id: input.id, contestId: input.contestId } });
    if (!row) throw notFound();
    await tx.pressAgency.delete({ where: { id: row.id } });
    await audit(tx, {
      actorId: input.actorId,
      action: "agency.delete",
      targetType: "PressAgency",
      targetId: row.id,
      contestId: input.contestId,
      before: { name: row.name, shortNames: row.shortNames, aliases: row.aliases },
    });
  });
}

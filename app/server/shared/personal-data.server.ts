import { PassThrough, type Readable } from "node:stream";
import { refreshEntrySearchText } from "#app/server/shared/search.server.ts";
import { audit } from "./audit.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { verifyPassword } from "./password.server.ts";
import { getStorage } from "./storage.server.ts";

/**
 * Personal-data rights under Decree 13/2023/NĐ-CP: a person downloads everything the platform
 * holds about them (JSON + their files, as a streamed zip), and may ask for erasure. Erasure
 * removes drafts and the account's personal details; submitted and awarded entries stay as the
 * contest's record, with the author's name kept only where published results show it. The
 * request is audited without personal data (the audit table is append-only, so events written
 * before the request stay as the legal record of what happened).
 */

const big = (_k: string, v: unknown) => (typeof v === "bigint" ? Number(v) : v);

/** Everything about `userId`, as plain JSON-ready data. Secrets (hashes, TOTP key) are left out. */
export async function collectPersonalData(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { profile: true, consents: true, roleGrants: { include: { contest: { select: { slug: true } } } } },
  });
  const [entries, authorships, scores, conflicts, sessions, activity] = await Promise.all([
    db.entry.findMany({
      where: { submitterId: userId },
      include: {
        contest: { select: { slug: true, nameVi: true } },
        category: { select: { code: true, nameVi: true } },
        parts: { orderBy: { position: "asc" } },
        authors: { orderBy: { position: "asc" } },
        files: { where: { deletedAt: null } },
        award: { include: { tier: { select: { nameVi: true, nameEn: true } }, payouts: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    db.entryAuthor.findMany({
      where: { userId, entry: { submitterId: { not: userId } } },
      include: { entry: { select: { code: true, title: true, contest: { select: { slug: true } } } } },
    }),
    db.score.findMany({ where: { judgeId: userId }, include: { values: true, entry: { select: { code: true } } } }),
    db.conflictDeclaration.findMany({ where: { judgeId: userId } }),
    db.session.findMany({
      where: { userId },
      select: { createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true },
    }),
    db.auditEvent.findMany({
      where: { actorId: userId },
      select: { action: true, targetType: true, targetId: true, createdAt: true },
      orderBy: { id: "asc" },
    }),
  ]);
  return {
    generatedAt: now().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      name: user.name,
      phone: user.phone,
      locale: user.locale,
      emailVerifiedAt: user.emailVerifiedAt,
      createdAt: user.createdAt,
      twoFactorEnabled: user.totpEnabledAt !== null,
    },
    profile: user.profile
      ? { penNames: user.profile.penNames, agency: user.profile.agency, address: user.profile.address }
      : null,
    consents: user.consents.map((c) => ({ textVersion: c.textVersion, acceptedAt: c.acceptedAt, ip: c.ip })),
    roles: user.roleGrants.map((g) => ({ role: g.role, contest: g.contest?.slug ?? null, since: g.createdAt })),
    entries: entries.map((e) => ({
      id: e.id,
      contest: e.contest.slug,
      category: e.category.code,
      code: e.code,
      status: e.status,
      title: e.title,
      summary: e.summary,
      outlet: e.outlet,
      kind: e.kind,
      channel: e.channel,
      submittedAt: e.submittedAt,
      parts: e.parts.map((p) => ({ position: p.position, title: p.title, publishedOn: p.publishedOn, url: p.url })),
      authors: e.authors.map((a) => ({
        fullName: a.fullName,
        penName: a.penName,
        agency: a.agency,
        email: a.email,
        shareBp: a.shareBp,
      })),
      files: e.files.map((f) => ({
        id: f.id,
        name: f.originalName,
        mimeType: f.mimeType,
        sizeBytes: Number(f.sizeBytes),
        sha256: f.sha256,
        zipPath: fileZipPath(f),
      })),
      award: e.award
        ? { tier: e.award.tier.nameVi, amount: e.award.amount, payouts: e.award.payouts.map((p) => p.amount) }
        : null,
    })),
    coAuthorships: authorships.map((a) => ({
      contest: a.entry.contest.slug,
      code: a.entry.code,
      title: a.entry.title,
      fullName: a.fullName,
      penName: a.penName,
      shareBp: a.shareBp,
    })),
    scoresGiven: scores.map((s) => ({
      entry: s.entry.code,
      status: s.status,
      comment: s.comment,
      submittedAt: s.submittedAt,
      values: s.values.map((v) => v.value),
    })),
    conflictsDeclared: conflicts.map((c) => ({
      entryId: c.entryId,
      kind: c.kind,
      reason: c.reason,
      createdAt: c.createdAt,
    })),
    sessions,
    activity,
    files: entries.flatMap((e) => e.files.map((f) => ({ storageKey: f.storageKey, zipPath: fileZipPath(f) }))),
  };
}

function fileZipPath(f: { id: string; originalName: string }): string {
  // The id keeps two files of the same name apart; the name is cleaned to one path segment.
  const safe =
    f.originalName
      .replace(/[\\/\0]/g, "_")
      .replace(/^\.+/, "_")
      .slice(0, 120) || "file";
  return `files/${f.id}-${safe}`;
}

/**
 * The download: a zip streamed as it is built (files are read from storage one after another,
 * never held in memory). Returns the stream to send as the response body.
 */
export async function personalDataZip(db: Db, userId: string): Promise<Readable> {
  const data = await collectPersonalData(db, userId);
  const { files, ...json } = data;
  // Loaded here: archiver and its zip/stream dependencies are ~7 MiB resident that no page uses.
  const { ZipArchive } = await import("archiver");
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = new PassThrough();
  zip.on("error", (err: Error) => out.destroy(err));
  zip.pipe(out);
  zip.append(JSON.stringify(json, big, 2), { name: "data.json" });
  const storage = getStorage();
  void (async () => {
    try {
      for (const f of files) {
        const stream = await storage.read(f.storageKey);
        zip.append(stream, { name: f.zipPath });
        // One file at a time: wait until archiver has consumed this one.
        await new Promise<void>((resolve, reject) => {
          stream.once("end", resolve);
          stream.once("close", resolve);
          stream.once("error", reject);
        });
      }
      await zip.finalize();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

export type ErasureResult =
  | { ok: true; draftsRemoved: number; entriesKept: number; namesKept: number }
  | { ok: false; reason: "wrong_password" | "admin" };

/**
 * Erases a person's data on their request (password confirmed). Drafts go (with their files);
 * the account's details are blanked and it is closed; submitted entries stay, and on them the
 * person's name and pen name stay only where a prize was awarded (published results show
 * winners' names), otherwise they are replaced by a neutral label. Admins must lose the role first
 * (an admin erasing themselves could leave nobody to run the platform).
 */
export async function eraseAccount(
  db: Db,
  input: { userId: string; password: string; requestId?: string; erasedLabel: string },
): Promise<ErasureResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, include: { roleGrants: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password)))
    return { ok: false, reason: "wrong_password" };
  if (user.roleGrants.some((g) => g.role === "ADMIN")) return { ok: false, reason: "admin" };

  const drafts = await db.entry.findMany({
    where: { submitterId: user.id, status: "DRAFT" },
    select: { id: true, files: { select: { storageKey: true } } },
  });
  const draftKeys = drafts.flatMap((d) => d.files.map((f) => f.storageKey));
  // Files the person uploaded to drafts that are not attached anywhere any more.
  const strays = await db.storedFile.findMany({
    where: { uploadedById: user.id, entryId: null },
    select: { storageKey: true },
  });

  const result = await db.$transaction(async (tx) => {
    const ids = drafts.map((d) => d.id);
    await tx.storedFile.deleteMany({
      where: { OR: [{ entryId: { in: ids } }, { uploadedById: user.id, entryId: null }] },
    });
    await tx.entry.deleteMany({ where: { id: { in: ids }, status: "DRAFT" } });
    const kept = await tx.entry.count({ where: { submitterId: user.id } });
    // Their author lines on kept entries: names stay only on awarded entries.
    const awarded = await tx.entryAuthor.findMany({
      where: {
        OR: [{ userId: user.id }, { entry: { submitterId: user.id }, email: user.email }],
        entry: { award: { isNot: null } },
      },
      select: { id: true },
    });
    const awardedIds = awarded.map((a) => a.id);
    const touched = await tx.entryAuthor.findMany({
      where: { OR: [{ userId: user.id }, { entry: { submitterId: user.id }, email: user.email }] },
      select: { entryId: true },
    });
    await tx.entryAuthor.updateMany({ where: { id: { in: awardedIds } }, data: { email: "", userId: null } });
    await tx.entryAuthor.updateMany({
      where: {
        OR: [{ userId: user.id }, { entry: { submitterId: user.id }, email: user.email }],
        id: { notIn: awardedIds },
      },
      data: { fullName: input.erasedLabel, penName: "", email: "", userId: null },
    });
    // The erased names and e-mails must not stay findable through the entries' search text.
    await refreshEntrySearchText(tx, [...new Set(touched.map((a) => a.entryId))]);
    await tx.profile.deleteMany({ where: { userId: user.id } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.verification.deleteMany({ where: { OR: [{ userId: user.id }, { email: user.email }] } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.roleGrant.deleteMany({ where: { userId: user.id } });
    await tx.outboxMail.deleteMany({ where: { to: user.email } });
    await tx.consent.updateMany({ where: { userId: user.id }, data: { ip: "" } });
    await tx.user.update({
      where: { id: user.id },
      data: {
        // The row stays (entries and the audit trail point at it) but says nothing about the person.
        email: `erased-${user.id}@erased.invalid`,
        name: "",
        searchText: "",
        phone: "",
        passwordHash: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        disabledAt: now(),
        erasedAt: now(),
      },
    });
    const counts = { draftsRemoved: ids.length, entriesKept: kept, namesKept: awardedIds.length };
    await audit(tx, {
      actorId: user.id,
      action: "user.erasure",
      targetType: "User",
      targetId: user.id,
      after: counts,
      requestId: input.requestId,
    });
    return counts;
  });
  // Bytes last, after the rows are gone (a crash here leaves orphan bytes, never broken rows).
  const storage = getStorage();
  for (const key of [...draftKeys, ...strays.map((s) => s.storageKey)])
    await storage.delete(key).catch(() => undefined);
  return { ok: true, ...result };
}

/** The privacy texts a user accepted, oldest first (the privacy page lists them). */
export function listConsents(db: Db, userId: string) {
  return db.consent.findMany({ where: { userId }, orderBy: { acceptedAt: "asc" } });
}

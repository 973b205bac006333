import { createHash, randomBytes, type Hash } from "node:crypto";
import fs from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type http from "node:http";
import { EVENTS, Server } from "@tus/server";
import { FileStore } from "@tus/file-store";
import { fileTypeFromFile } from "file-type";
import { ruleForMime } from "#app/domain/evidence.ts";
import { acceptedLabels, mimeLabel } from "#app/domain/evidence-labels.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { audit } from "./audit.server.ts";
import { pdfIsReadable } from "./judge-copy.server.ts";
import { now } from "./clock.server.ts";
import type { Db } from "./db.server.ts";
import { assertChangeable, assertOpen, categoryRulesOf } from "./entries.server.ts";
import { SESSION_COOKIE, hashToken } from "./session.server.ts";
import type { Storage } from "./storage.server.ts";

/**
 * Resumable evidence uploads (tus protocol) into a staging folder, then — once complete —
 * sniffed by magic bytes against the category's rules, hashed, moved into storage and
 * recorded as a StoredFile. Every request is checked: signed in, owner of the draft, entry
 * still open; a finished upload that is not what the category accepts is deleted.
 */
export const TUS_PATH = "/uploads/tus";

type Refusal = { status_code: number; body: string };

/** Refusals in the uploader's language, worded in the entry catalogue (entry:uploadRefused.*). */
function refusals(locale: Locale) {
  const { t } = getI18n(locale);
  return {
    locale,
    refuse: (status_code: number, key: string, params: Record<string, string | number> = {}): Refusal => ({
      status_code,
      body: t(`entry:uploadRefused.${key}`, params),
    }),
    t,
  };
}
type Refusals = ReturnType<typeof refusals>;

async function sessionUserId(db: Db, req: Request): Promise<string | null> {
  const cookie = req.headers.get("cookie") ?? "";
  const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,})`).exec(cookie)?.[1];
  if (!token) return null;
  const s = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!s || s.expiresAt <= now() || s.user.disabledAt) return null;
  return s.userId;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * The tus file store, hashing the bytes as they arrive so a finished upload (up to gigabytes)
 * is not read a second time. The running hash lives in this process: if a chunk arrives at an
 * offset it has not seen (after a restart, on another instance, after a failed chunk) it is
 * dropped and the finished file is hashed from disk instead.
 */
class HashingFileStore extends FileStore {
  private hashes = new Map<string, { hash: Hash; offset: number }>();

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    if (offset === 0) this.hashes.set(id, { hash: createHash("sha256"), offset: 0 });
    const tracked = this.hashes.get(id);
    if (!tracked || tracked.offset !== offset) {
      this.hashes.delete(id);
      return super.write(readable, id, offset);
    }
    let hashed = 0;
    const tee = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        hashed += chunk.length;
        tracked.hash.update(chunk);
        callback(null, chunk);
      },
    });
    readable.on("error", (err) => tee.destroy(err));
    readable.pipe(tee);
    try {
      const end = await super.write(tee, id, offset);
      // Whatever was hashed must be exactly what reached the file.
      if (end === offset + hashed) tracked.offset = end;
      else this.hashes.delete(id);
      return end;
    } catch (err) {
      this.hashes.delete(id);
      throw err;
    }
  }

  /** The sha256 of a complete upload of `size` bytes, if every byte went through this process. */
  takeHash(id: string, size: number): string | null {
    const tracked = this.hashes.get(id);
    this.hashes.delete(id);
    return tracked && tracked.offset === size ? tracked.hash.digest("hex") : null;
  }

  forget(id: string): void {
    this.hashes.delete(id);
  }
}

export interface UploadServiceOptions {
  getDb: () => Promise<Db>;
  getStorage: () => Storage;
  /** Staging folder for incomplete uploads. */
  directory: string;
  /** Per user, at once: unfinished uploads and their declared bytes (UPLOAD_STAGING_MAX_*). */
  staging?: { maxCount: number; maxBytes: number };
}

/** Unfinished uploads are swept 24 h after they started (the Upload-Expires header says so). */
export const STAGING_HOURS = 24;
export const DEFAULT_STAGING = { maxCount: 10, maxBytes: 5 * 1024 ** 3 };

export function createUploadService(opts: UploadServiceOptions) {
  const datastore = new HashingFileStore({ directory: opts.directory, expirationPeriodInMilliseconds: STAGING_HOURS * 3_600_000 });
  const quota = opts.staging ?? DEFAULT_STAGING;

  // Who has what in staging: userId → uploadId → declared size and when it was reserved. Built
  // from the staging folder on first use (so it survives a restart) and kept up to date here,
  // so checking the quota does not read every staged upload's record on each new upload.
  type Staged = Map<string, Map<string, { size: number; at: number }>>;
  let staged: Staged | undefined;
  let loading: Promise<Staged> | undefined;
  async function scanStaging(): Promise<Staged> {
    const next: Staged = new Map();
    for (const id of (await datastore.configstore.list?.()) ?? []) {
      const info = await datastore.configstore.get(id).catch(() => undefined);
      const userId = info?.metadata?.userId;
      if (!info || !userId || info.offset === info.size) continue;
      if (!next.has(userId)) next.set(userId, new Map());
      next.get(userId)!.set(id, { size: info.size ?? 0, at: 0 });
    }
    // Reservations made while scanning may not be on disk yet: keep the recent ones.
    const recent = Date.now() - 5 * 60_000;
    for (const [userId, mine] of staged ?? []) {
      for (const [id, v] of mine) {
        if (v.at < recent || next.get(userId)?.has(id)) continue;
        if (!next.has(userId)) next.set(userId, new Map());
        next.get(userId)!.set(id, v);
      }
    }
    staged = next;
    return next;
  }
  const loadStaged = (): Promise<Staged> => {
    if (staged) return Promise.resolve(staged);
    loading ??= scanStaging().finally(() => (loading = undefined));
    return loading;
  };
  const unstage = (userId: string | null | undefined, id: string) => {
    if (userId) staged?.get(userId)?.delete(id);
  };
  const usage = (index: Staged, userId: string) => {
    const mine = [...(index.get(userId)?.values() ?? [])];
    return { count: mine.length, bytes: mine.reduce((a, b) => a + b.size, 0) };
  };

  /** The owner's open entry and part named in the upload's metadata, or a refusal. */
  async function target(db: Db, userId: string, meta: Record<string, string | null> | undefined, { refuse }: Refusals) {
    const entry = meta?.entryId
      ? await db.entry.findUnique({ where: { id: meta.entryId }, include: { contest: true, category: true, parts: true } })
      : null;
    // Someone else's draft looks exactly like a missing one.
    if (!entry || entry.submitterId !== userId) throw refuse(404, "entryNotFound");
    const part = entry.parts.find((p) => p.id === meta?.partId);
    if (!part) throw refuse(404, "partNotFound");
    try {
      assertOpen(entry.contest);
      assertChangeable(entry);
    } catch {
      throw refuse(409, "locked");
    }
    return { entry, part, rules: categoryRulesOf(entry.category).evidenceRules };
  }

  const server = new Server({
    path: TUS_PATH,
    datastore,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const db = await opts.getDb();
      const { refuse } = refusals(getLocale(req));
      const userId = await sessionUserId(db, req);
      if (!userId) throw refuse(401, "signIn");
      if (req.method !== "POST" && req.method !== "OPTIONS" && uploadId) {
        const upload = await datastore.getUpload(uploadId).catch(() => null);
        if (!upload || upload.metadata?.userId !== userId) throw refuse(404, "uploadNotFound");
      }
    },
    async onUploadCreate(req, upload) {
      const db = await opts.getDb();
      const r = refusals(getLocale(req));
      const { refuse, locale } = r;
      const userId = (await sessionUserId(db, req))!;
      const { rules } = await target(db, userId, upload.metadata, r);
      const max = Math.max(...rules.map((r) => r.maxBytes));
      if (upload.sizeIsDeferred || upload.size === undefined) throw refuse(400, "sizeRequired");
      if (upload.size > max) {
        throw refuse(413, "tooLarge", { max: formatBytes(max, locale) });
      }
      // The quota, checked and reserved in one synchronous step (no await in between) so
      // parallel creates cannot all slip under it.
      await loadStaged();
      const index = staged!;
      const use = usage(index, userId);
      if (use.count + 1 > quota.maxCount) {
        throw refuse(429, "quotaCount", { count: use.count, max: quota.maxCount, hours: STAGING_HOURS });
      }
      if (use.bytes + upload.size > quota.maxBytes) {
        throw refuse(413, "quotaBytes", { used: formatBytes(use.bytes, locale), max: formatBytes(quota.maxBytes, locale), hours: STAGING_HOURS });
      }
      if (!index.has(userId)) index.set(userId, new Map());
      index.get(userId)!.set(upload.id, { size: upload.size, at: Date.now() });
      // Remember who started it: only they may continue it.
      return { metadata: { ...upload.metadata, userId } };
    },
    async onUploadFinish(req, upload) {
      const db = await opts.getDb();
      const r = refusals(getLocale(req));
      const { refuse, locale, t } = r;
      const path = upload.storage?.path ?? `${opts.directory}/${upload.id}`;
      const name = (upload.metadata?.filename ?? "tep").slice(0, 255);
      unstage(upload.metadata?.userId, upload.id);
      try {
        const userId = upload.metadata!.userId!;
        const { entry, part, rules } = await target(db, userId, upload.metadata, r);
        const sniffed = (await fileTypeFromFile(path))?.mime ?? null;
        const rule = sniffed ? ruleForMime(rules, sniffed) : null;
        if (!rule) {
          const what = sniffed ? mimeLabel(sniffed) : t("entry:uploadRefused.unknownType");
          const accepted = acceptedLabels(rules.flatMap((rule) => rule.mimeTypes));
          const category = locale === "en" ? entry.category.nameEn || entry.category.nameVi : entry.category.nameVi;
          throw refuse(415, "wrongType", { name, what, category, accepted });
        }
        const size = fs.statSync(path).size;
        if (size > rule.maxBytes) {
          throw refuse(413, "fileTooLarge", { name, max: formatBytes(rule.maxBytes, locale) });
        }
        // Judges get a metadata-stripped copy made with qpdf: a PDF it cannot read is refused now.
        if (sniffed === "application/pdf" && !(await pdfIsReadable(path))) throw refuse(422, "brokenPdf", { name });
        const sha256 = datastore.takeHash(upload.id, size) ?? (await sha256Of(path));
        const storage = opts.getStorage();
        const storageKey = `entries/${entry.id}/${upload.id}-${randomBytes(4).toString("hex")}`;
        await storage.importFile(storageKey, path);
        const file = await db.storedFile.create({
          data: {
            entryId: entry.id,
            partId: part.id,
            storage: storage.backend,
            storageKey,
            originalName: name,
            mimeType: sniffed!,
            sizeBytes: BigInt(size),
            sha256,
            uploadedById: userId,
          },
        });
        await audit(db, {
          actorId: userId,
          action: "entry.file.add",
          targetType: "StoredFile",
          targetId: file.id,
          contestId: entry.contestId,
          entryId: entry.id,
          after: { name, mimeType: sniffed, size, sha256, part: part.position },
        });
        // The bytes moved into storage; drop the staging record.
        await datastore.configstore.delete(upload.id).catch(() => undefined);
        return { status_code: 200, body: JSON.stringify({ id: file.id, name, mimeType: sniffed, size, sha256 }), headers: { "Content-Type": "application/json" } };
      } catch (err) {
        // A refused or failed upload leaves nothing behind in staging.
        datastore.forget(upload.id);
        await fs.promises.rm(path, { force: true });
        await datastore.configstore.delete(upload.id).catch(() => undefined);
        throw err;
      }
    },
  });

  // A client that cancels (tus DELETE) frees its quota at once.
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id: string) => {
    for (const mine of staged?.values() ?? []) mine.delete(id);
  });

  return {
    server,
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => server.handle(req, res),
    /** Deletes incomplete uploads started more than STAGING_HOURS ago; returns how many. */
    sweep: async () => {
      const n = await datastore.deleteExpired();
      if (n > 0 && staged) await scanStaging();
      return n;
    },
  };
}

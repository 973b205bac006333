import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import nodePath from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type http from "node:http";
import { ERRORS, EVENTS, Server, type CancellationContext, type Upload } from "@tus/server";
import { NodeRequest, sendNodeResponse } from "srvx/node";
import { FileStore } from "@tus/file-store";
import { fileTypeFromBuffer } from "file-type";
import { ruleForMime } from "#app/domain/evidence.ts";
import { acceptedLabels, mimeLabel } from "#app/domain/evidence-labels.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { DomainError, type RefusalCode, type RefusalParams } from "#app/domain/errors.ts";
import { getI18n, type Locale } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { audit } from "../shared/audit.server.ts";
import { pdfIsReadable } from "../judging/judge-copy.server.ts";
import { now } from "../shared/clock.server.ts";
import type { Db } from "../shared/db.server.ts";
import type { DbTx } from "../shared/audit.server.ts";
import { GATED_TX, txGate } from "../shared/db-gate.server.ts";
import { lockEntryForChange } from "./entry-load.server.ts";
import { refusalText } from "../shared/refusals.server.ts";
import { BodyTooLarge, receiveChunk, type StoredBytesSink } from "./upload-receive.server.ts";
import { hashWorker, type HashWorker } from "./upload-hash.server.ts";
import { assertChangeable, assertOpen, categoryRulesOf } from "./entries.server.ts";
import { SESSION_COOKIE, hashToken } from "../shared/session.server.ts";
import type { Storage } from "../shared/storage.server.ts";
import type { S3Options } from "../shared/storage-s3.server.ts";
import {
  SNIFF_BYTES,
  STAGING_HOURS,
  STAGING_PREFIX,
  type Staging,
  type UploadHashes,
} from "./upload-staging.server.ts";

/**
 * Resumable evidence uploads (tus protocol) into a staging folder, then — once complete —
 * sniffed by magic bytes against the category's rules, hashed, moved into storage and
 * recorded as a StoredFile. Every request is checked: signed in, owner of the draft, entry
 * still open; a finished upload that is not what the category accepts is deleted.
 */
export const TUS_PATH = "/uploads/tus";
export { STAGING_HOURS, STAGING_PREFIX };

/** A refusal as the tus server answers it: the code's status, its sentence in the uploader's language. */
export function tusRefusal(err: DomainError, locale: Locale): { status_code: number; body: string } {
  return { status_code: err.status, body: refusalText(err, locale) };
}

/** Refusals of the upload hooks (codes upload_*), for the uploader's language. */
function refusals(locale: Locale) {
  const { t } = getI18n(locale);
  return {
    locale,
    refuse: (code: RefusalCode, params: RefusalParams = {}) => tusRefusal(new DomainError(code, params), locale),
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

/**
 * The running sha256 of each upload on local staging, fed with each run of bytes once they
 * are in the staged file, so a finished upload (up to gigabytes) is not read a second time;
 * computed on a worker thread (upload-hash.server.ts) beside the next reads and writes. It
 * lives in this process: if a chunk arrives at an offset it has not seen (after a restart, on
 * another instance, after a failed chunk) it is dropped and the finished file is hashed from
 * staging instead.
 */
class WorkerHashes implements UploadHashes {
  private hashes = new Map<string, { key: number; generation: number; offset: number }>();
  constructor(private readonly worker: HashWorker) {}

  /**
   * Where to hand the bytes arriving at `offset`, or null if this process has not hashed every
   * byte before `offset` (the finished file is then hashed from staging). Call `advanced` once
   * the bytes are in staging, or `forget` if they may not be.
   */
  at(id: string, offset: number): StoredBytesSink | null {
    if (offset === 0) {
      this.forget(id);
      this.hashes.set(id, { ...this.worker.open(), offset: 0 });
    }
    const tracked = this.hashes.get(id);
    if (!tracked || tracked.offset !== offset || !this.worker.alive(tracked.generation)) {
      this.forget(id);
      return null;
    }
    return {
      update: (chunks) => this.worker.update(tracked.key, tracked.generation, chunks),
      room: () => this.worker.room(),
    };
  }

  advanced(id: string, offset: number): void {
    const tracked = this.hashes.get(id);
    if (tracked) tracked.offset = offset;
  }

  async take(id: string, size: number): Promise<string | null> {
    const tracked = this.hashes.get(id);
    this.hashes.delete(id);
    if (!tracked) return null;
    if (tracked.offset !== size) {
      this.worker.drop(tracked.key, tracked.generation);
      return null;
    }
    return this.worker.digest(tracked.key, tracked.generation);
  }

  forget(id: string): void {
    const tracked = this.hashes.get(id);
    this.hashes.delete(id);
    if (tracked) this.worker.drop(tracked.key, tracked.generation);
  }

  tracked(): string[] {
    return [...this.hashes.keys()];
  }
}

/** Staging on this machine's disk (DATA_DIR/tus): one instance only. */
class LocalStaging extends FileStore {
  readonly hashes = new WorkerHashes(hashWorker());

  /** A body that is not Node's request stream (see NodeBody) is written by FileStore, unhashed. */
  override write(readable: Readable, id: string, offset: number): Promise<number> {
    this.hashes.forget(id);
    return super.write(readable, id, offset);
  }

  /** A PATCH body straight from Node's request (see receiveChunk): written and hashed in one pass. */
  async receive(source: Readable, id: string, offset: number, max: number): Promise<number> {
    const hash = this.hashes.at(id, offset);
    try {
      // getUpload(id) (FileStore's own path check) has run before any PATCH body is written.
      const end = await receiveChunk(source, nodePath.join(this.directory, id), offset, max, hash);
      this.hashes.advanced(id, end);
      return end;
    } catch (err) {
      this.hashes.forget(id);
      if (err instanceof BodyTooLarge) throw ERRORS.ERR_MAX_SIZE_EXCEEDED;
      throw ERRORS.FILE_WRITE_ERROR;
    }
  }
}

/**
 * A PATCH body left as Node's own request stream: @tus/server would turn it into a web stream
 * and back (srvx, Readable.fromWeb), which profiled as the upload's main cost.
 */
class NodeBody {
  constructor(readonly req: http.IncomingMessage) {}
}

function localStaging(directory: string): Staging {
  const datastore = new LocalStaging({ directory, expirationPeriodInMilliseconds: STAGING_HOURS * 3_600_000 });
  const file = (id: string) => `${directory}/${id}`;
  return {
    datastore,
    hashes: datastore.hashes,
    // tus keeps one <id>.json beside each unfinished upload.
    count: () =>
      fs.promises.readdir(directory).then(
        (names) => names.filter((n) => n.endsWith(".json")).length,
        () => 0,
      ),
    async listUnfinished() {
      const out: { id: string; userId: string; size: number }[] = [];
      for (const id of (await datastore.configstore.list?.()) ?? []) {
        const info = await datastore.configstore.get(id).catch(() => undefined);
        const userId = info?.metadata?.userId;
        if (info && userId && info.offset !== info.size) out.push({ id, userId, size: info.size ?? 0 });
      }
      return out;
    },
    size: async (id) => (await fs.promises.stat(file(id))).size,
    async head(id) {
      const fh = await fs.promises.open(file(id), "r");
      try {
        const buf = Buffer.alloc(SNIFF_BYTES);
        const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    async sha256(id) {
      const hash = createHash("sha256");
      await pipeline(fs.createReadStream(file(id)), hash);
      return hash.digest("hex");
    },
    withLocalFile: (id, fn) => fn(file(id)),
    async moveInto(storage, key, id) {
      await storage.importFile(key, file(id));
      await datastore.configstore.delete(id).catch(() => undefined);
    },
    async discard(id) {
      await fs.promises.rm(file(id), { force: true });
      await datastore.configstore.delete(id).catch(() => undefined);
    },
  };
}

export interface UploadServiceOptions {
  getDb: () => Promise<Db>;
  getStorage: () => Storage;
  /** Staging folder for incomplete uploads (one instance), unless `s3` is given. */
  directory: string;
  /** Stage incomplete uploads in this S3 bucket instead, so several instances share them. */
  s3?: S3Options | null;
  /** Per user, at once: unfinished uploads and their declared bytes (UPLOAD_STAGING_MAX_*). */
  staging?: { maxCount: number; maxBytes: number };
}

export const DEFAULT_STAGING = { maxCount: 10, maxBytes: 5 * 1024 ** 3 };

export async function createUploadService(opts: UploadServiceOptions) {
  // S3 staging (with @tus/s3-store and the AWS SDK) is loaded only when it is configured.
  const staging = opts.s3
    ? (await import("./upload-staging-s3.server.ts")).s3Staging(opts.s3)
    : localStaging(opts.directory);
  const { datastore } = staging;
  const quota = opts.staging ?? DEFAULT_STAGING;

  // Who has what in staging: userId → uploadId → declared size and when it was reserved. Built
  // from the staging folder on first use (so it survives a restart) and kept up to date here,
  // so checking the quota does not read every staged upload's record on each new upload.
  type Staged = Map<string, Map<string, { size: number; at: number }>>;
  let staged: Staged | undefined;
  let loading: Promise<Staged> | undefined;
  async function scanStaging(): Promise<Staged> {
    const next: Staged = new Map();
    for (const { id, userId, size } of await staging.listUnfinished()) {
      if (!next.has(userId)) next.set(userId, new Map());
      next.get(userId)!.set(id, { size, at: 0 });
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
  async function target(
    db: DbTx,
    userId: string,
    meta: Record<string, string | null> | undefined,
    { refuse }: Refusals,
  ) {
    const entry = meta?.entryId
      ? await db.entry.findUnique({
          where: { id: meta.entryId },
          include: { contest: true, category: true, parts: true },
        })
      : null;
    // Someone else's draft looks exactly like a missing one.
    if (!entry || entry.submitterId !== userId) throw refuse("upload_entry_not_found");
    const part = entry.parts.find((p) => p.id === meta?.partId);
    if (!part) throw refuse("upload_part_not_found");
    try {
      assertOpen(entry.contest);
      assertChangeable(entry);
    } catch {
      throw refuse("upload_locked");
    }
    return { entry, part, rules: categoryRulesOf(entry.category).evidenceRules };
  }

  // On S3 the ids carry the staging prefix; URLs carry only the random part.
  const prefix = opts.s3 ? STAGING_PREFIX : "";
  const server = new Server({
    path: TUS_PATH,
    datastore,
    relativeLocation: true,
    ...(prefix
      ? {
          namingFunction: () => `${prefix}${randomBytes(16).toString("hex")}`,
          getFileIdFromRequest: (_req: unknown, last?: string) =>
            last && /^[a-f0-9]{32}$/.test(last) ? `${prefix}${last}` : undefined,
          generateUrl: (_req: unknown, { path, id }: { path: string; id: string }) =>
            `${path}/${id.slice(prefix.length)}`,
        }
      : {}),
    async onIncomingRequest(req, uploadId) {
      const db = await opts.getDb();
      const { refuse } = refusals(getLocale(req));
      const userId = await sessionUserId(db, req);
      if (!userId) throw refuse("upload_sign_in");
      if (req.method !== "POST" && req.method !== "OPTIONS" && uploadId) {
        const upload = await datastore.getUpload(uploadId).catch(() => null);
        if (!upload || upload.metadata?.userId !== userId) throw refuse("upload_not_found");
      }
    },
    async onUploadCreate(req, upload) {
      const db = await opts.getDb();
      const r = refusals(getLocale(req));
      const { refuse, locale } = r;
      const userId = (await sessionUserId(db, req))!;
      const { rules } = await target(db, userId, upload.metadata, r);
      const max = Math.max(...rules.map((r) => r.maxBytes));
      if (upload.sizeIsDeferred || upload.size === undefined) throw refuse("upload_size_required");
      if (upload.size > max) {
        throw refuse("upload_too_large", { max: formatBytes(max, locale) });
      }
      // The quota, checked and reserved in one synchronous step (no await in between) so
      // parallel creates cannot all slip under it.
      await loadStaged();
      const index = staged!;
      const use = usage(index, userId);
      if (use.count + 1 > quota.maxCount) {
        throw refuse("upload_quota_count", { count: use.count, max: quota.maxCount, hours: STAGING_HOURS });
      }
      if (use.bytes + upload.size > quota.maxBytes) {
        throw refuse("upload_quota_bytes", {
          used: formatBytes(use.bytes, locale),
          max: formatBytes(quota.maxBytes, locale),
          hours: STAGING_HOURS,
        });
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
      const name = (upload.metadata?.filename ?? "tep").slice(0, 255);
      unstage(upload.metadata?.userId, upload.id);
      try {
        const userId = upload.metadata!.userId!;
        const { entry, part, rules } = await target(db, userId, upload.metadata, r);
        const sniffed = (await fileTypeFromBuffer(await staging.head(upload.id)))?.mime ?? null;
        const rule = sniffed ? ruleForMime(rules, sniffed) : null;
        if (!rule) {
          const what = sniffed ? mimeLabel(sniffed) : t("entry:uploadRefused.unknownType");
          const accepted = acceptedLabels(rules.flatMap((rule) => rule.mimeTypes));
          const category = locale === "en" ? entry.category.nameEn || entry.category.nameVi : entry.category.nameVi;
          throw refuse("upload_wrong_type", { name, what, category, accepted });
        }
        const size = await staging.size(upload.id);
        if (size > rule.maxBytes) {
          throw refuse("upload_file_too_large", { name, max: formatBytes(rule.maxBytes, locale) });
        }
        // Judges get a metadata-stripped copy made with qpdf: a PDF it cannot read is refused now.
        if (sniffed === "application/pdf" && !(await staging.withLocalFile(upload.id, pdfIsReadable)))
          throw refuse("upload_broken_pdf", { name });
        const sha256 = (await staging.hashes.take(upload.id, size)) ?? (await staging.sha256(upload.id));
        const storage = opts.getStorage();
        const storageKey = `entries/${entry.id}/${upload.id.slice(prefix.length)}-${randomBytes(4).toString("hex")}`;
        await staging.moveInto(storage, storageKey, upload.id, size);
        let file: { id: string };
        try {
          file = await txGate().run(() =>
            db.$transaction(async (tx) => {
              // Locked and checked again: the entry may have been withdrawn or deleted, or the
              // deadline passed, while the file was sniffed and moved.
              if (!(await lockEntryForChange(tx, entry.id, now()))) throw refuse("upload_entry_not_found");
              await target(tx, userId, upload.metadata, r);
              const file = await tx.storedFile.create({
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
              await audit(tx, {
                actorId: userId,
                action: "entry.file.add",
                targetType: "StoredFile",
                targetId: file.id,
                contestId: entry.contestId,
                entryId: entry.id,
                after: { name, mimeType: sniffed, size, sha256, part: part.position },
              });
              return file;
            }, GATED_TX),
          );
        } catch (err) {
          await storage.delete(storageKey).catch(() => undefined);
          throw err;
        }
        return {
          status_code: 200,
          body: JSON.stringify({ id: file.id, name, mimeType: sniffed, size, sha256 }),
          headers: { "Content-Type": "application/json" },
        };
      } catch (err) {
        // A refused or failed upload leaves nothing behind in staging.
        staging.hashes.forget(upload.id);
        await staging.discard(upload.id).catch(() => undefined);
        throw err;
      }
    },
  });

  // A client that cancels (tus DELETE) frees its quota at once.
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id: string) => {
    for (const mine of staged?.values() ?? []) mine.delete(id);
  });

  // Local staging takes PATCH bodies as Node streams (NodeBody, below); anything else (S3
  // staging, or a body that is a web stream) goes @tus/server's own way.
  const local = datastore instanceof LocalStaging ? datastore : null;
  type WriteToStore = (
    body: ReadableStream | NodeBody | null,
    upload: Upload,
    max: number,
    context: CancellationContext,
  ) => Promise<number>;
  const patch = server.handlers.PATCH as unknown as { writeToStore: WriteToStore };
  const viaWebStream = patch.writeToStore.bind(patch);
  patch.writeToStore = (body, upload, max, context) => {
    if (!(body instanceof NodeBody)) return viaWebStream(body, upload, max, context);
    if (context.signal.aborted) return Promise.reject(ERRORS.ABORTED);
    return local!.receive(body.req, upload.id, upload.offset, max);
  };

  return {
    server,
    // As @tus/server's own handle(), except that on local staging a PATCH's body stays Node's stream.
    handle: async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const request = new NodeRequest({ req, res });
      if (local && req.method === "PATCH") Object.defineProperty(request, "body", { value: new NodeBody(req) });
      return sendNodeResponse(res, await server.handleWeb(request));
    },
    /** Unfinished uploads in staging, for /metrics. */
    unfinished: () => staging.count(),
    /** Deletes incomplete uploads started more than STAGING_HOURS ago; returns how many. */
    sweep: async () => {
      // On S3 this aborts every multipart upload in the bucket older than STAGING_HOURS (the
      // store lists the whole bucket): staged uploads, and any file copy to entries/ that died.
      const n = await datastore.deleteExpired();
      if (n > 0 && staged) await scanStaging();
      // Running hashes of swept (abandoned) uploads go too: they would keep the hash worker up.
      if (n > 0) {
        for (const id of staging.hashes.tracked()) {
          if (
            !(await staging.size(id).then(
              () => true,
              () => false,
            ))
          )
            staging.hashes.forget(id);
        }
      }
      return n;
    },
  };
}

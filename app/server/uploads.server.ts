import { createHash, randomBytes, type Hash } from "node:crypto";
import fs from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type http from "node:http";
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";
import { fileTypeFromFile } from "file-type";
import { ruleForMime } from "#app/domain/evidence.ts";
import { acceptedLabels, mimeLabel } from "#app/domain/evidence-labels.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { audit } from "./audit.server.ts";
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
const refuse = (status_code: number, body: string): Refusal => ({ status_code, body });

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
}

export function createUploadService(opts: UploadServiceOptions) {
  // Unfinished uploads expire after a week (the Upload-Expires header tells clients so).
  const datastore = new HashingFileStore({ directory: opts.directory, expirationPeriodInMilliseconds: 7 * 86_400_000 });

  /** The owner's open entry and part named in the upload's metadata, or a refusal. */
  async function target(db: Db, userId: string, meta: Record<string, string | null> | undefined, vi: boolean) {
    const entry = meta?.entryId
      ? await db.entry.findUnique({ where: { id: meta.entryId }, include: { contest: true, category: true, parts: true } })
      : null;
    // Someone else's draft looks exactly like a missing one.
    if (!entry || entry.submitterId !== userId) throw refuse(404, vi ? "Không tìm thấy tác phẩm." : "Entry not found.");
    const part = entry.parts.find((p) => p.id === meta?.partId);
    if (!part) throw refuse(404, vi ? "Không tìm thấy kỳ/phần của tác phẩm." : "Part not found.");
    try {
      assertOpen(entry.contest);
      assertChangeable(entry);
    } catch (err) {
      throw refuse(409, vi ? "Tác phẩm không còn sửa được (đã hết hạn hoặc đã khóa)." : "The entry can no longer be changed (deadline passed or locked).");
    }
    return { entry, part, rules: categoryRulesOf(entry.category).evidenceRules };
  }

  const server = new Server({
    path: TUS_PATH,
    datastore,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const db = await opts.getDb();
      const vi = getLocale(req) === "vi";
      const userId = await sessionUserId(db, req);
      if (!userId) throw refuse(401, vi ? "Vui lòng đăng nhập để tải tệp lên." : "Please sign in to upload.");
      if (req.method !== "POST" && req.method !== "OPTIONS" && uploadId) {
        const upload = await datastore.getUpload(uploadId).catch(() => null);
        if (!upload || upload.metadata?.userId !== userId) throw refuse(404, vi ? "Không tìm thấy lượt tải lên." : "Upload not found.");
      }
    },
    async onUploadCreate(req, upload) {
      const db = await opts.getDb();
      const vi = getLocale(req) === "vi";
      const userId = (await sessionUserId(db, req))!;
      const { rules } = await target(db, userId, upload.metadata, vi);
      const max = Math.max(...rules.map((r) => r.maxBytes));
      if (upload.sizeIsDeferred || upload.size === undefined) throw refuse(400, vi ? "Cần biết dung lượng tệp trước khi tải." : "The file size must be declared.");
      if (upload.size > max) {
        throw refuse(413, vi ? `Tệp quá lớn: tối đa ${formatBytes(max, "vi")}.` : `File too large: at most ${formatBytes(max, "en")}.`);
      }
      // Remember who started it: only they may continue it.
      return { metadata: { ...upload.metadata, userId } };
    },
    async onUploadFinish(req, upload) {
      const db = await opts.getDb();
      const vi = getLocale(req) === "vi";
      const path = upload.storage?.path ?? `${opts.directory}/${upload.id}`;
      const name = (upload.metadata?.filename ?? "tep").slice(0, 255);
      try {
        const userId = upload.metadata!.userId!;
        const { entry, part, rules } = await target(db, userId, upload.metadata, vi);
        const sniffed = (await fileTypeFromFile(path))?.mime ?? null;
        const rule = sniffed ? ruleForMime(rules, sniffed) : null;
        if (!rule) {
          const what = sniffed ? mimeLabel(sniffed) : vi ? "không xác định" : "unknown";
          const accepted = acceptedLabels(rules.flatMap((r) => r.mimeTypes));
          throw refuse(
            415,
            vi
              ? `Tệp "${name}" bị từ chối: nội dung thực của tệp là ${what}, không phải loại thể loại ${entry.category.nameVi} nhận (${accepted}). Loại tệp được kiểm tra theo nội dung, không theo đuôi tên tệp.`
              : `"${name}" was refused: its content is ${what}, not a type the ${entry.category.nameEn} category accepts (${accepted}). Types are checked by content, not by the file name.`,
          );
        }
        const size = fs.statSync(path).size;
        if (size > rule.maxBytes) {
          throw refuse(413, vi ? `Tệp "${name}" quá lớn: tối đa ${formatBytes(rule.maxBytes, "vi")}.` : `"${name}" is too large: at most ${formatBytes(rule.maxBytes, "en")}.`);
        }
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

  return {
    server,
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => server.handle(req, res),
    /** Deletes abandoned, incomplete uploads from staging; returns how many. */
    sweep: () => datastore.deleteExpired(),
  };
}

import { execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import type { Db } from "../shared/db.server.ts";
import { getStorage } from "../shared/storage.server.ts";

const run = promisify(execFile);

/**
 * Blind judging goes beyond the page: the files journalists upload carry their tools' metadata
 * (PDF /Author and XMP, ID3 / MP4 tags, EXIF). Judges get a copy without it, made once with
 * maintained tools (Debian's exiftool, qpdf and ffmpeg, installed by .ci/run and
 * scripts/test-all.sh), stored beside the original via the storage interface. Organizers keep
 * the original, byte for byte.
 */
export class JudgeCopyError extends Error {}

type Stripper = (input: string, output: string) => Promise<void>;

// exiftool's PDF edits only append a new revision (the old Info stays in the file); qpdf then
// rewrites the file with just the objects still referenced, so the old ones are really gone.
const stripPdf: Stripper = async (input, output) => {
  const mid = `${output}.exif.pdf`;
  const repaired = `${output}.repaired.pdf`;
  const qpdf = (args: string[]) =>
    run("qpdf", args).catch((err: { code?: number }) => {
      if (err.code !== 3) throw err; // 3 = written with warnings
    });
  try {
    // exiftool refuses a damaged cross-reference table that qpdf can rebuild: try once more.
    await run("exiftool", ["-q", "-q", "-all:all=", "-o", mid, input]).catch(async () => {
      await qpdf([input, repaired]);
      await run("exiftool", ["-q", "-q", "-all:all=", "-o", mid, repaired]);
    });
    await qpdf(["--object-streams=disable", mid, output]);
  } finally {
    await fsp.rm(mid, { force: true });
    await fsp.rm(repaired, { force: true });
  }
};

/**
 * Whether qpdf can open a PDF and find its pages: what making the judges' copy needs. Checked
 * when an upload completes, so a broken file is refused to the journalist at once rather than
 * failing later for a judge. Exit 3 means qpdf repaired the file with warnings (the copy's
 * repair path handles that). Without qpdf on the machine the file is let through: the judge
 * copy then reports the missing tool to the organizers, and the journalist is not blamed.
 */
export async function pdfIsReadable(file: string): Promise<boolean> {
  try {
    const { stdout } = await run("qpdf", ["--show-npages", file]);
    return Number(stdout.trim()) > 0;
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string };
    if (e.code === 3) return Number(String(e.stdout ?? "").trim()) > 0;
    if (e.code === 2) return false;
    console.error(`[uploads] PDF check skipped: ${(err as Error).message}`);
    return true;
  }
}

// Everything but the colour profile; the orientation is put back so photos are not rotated.
const stripImage: Stripper = async (input, output) => {
  await run("exiftool", [
    "-q",
    "-q",
    "-all=",
    "--icc_profile:all",
    "-tagsFromFile",
    "@",
    "-exif:Orientation",
    "-o",
    output,
    input,
  ]);
};

// Streams copied as they are (no re-encoding); container and stream tags, chapters and cover
// pictures dropped; bitexact so ffmpeg does not add its own encoder tag.
const stripMedia =
  (muxer: string, audioOnly: boolean): Stripper =>
  async (input, output) => {
    await run(
      "ffmpeg",
      [
        "-v",
        "error",
        "-nostdin",
        "-y",
        "-i",
        input,
        ...(audioOnly ? ["-map", "0:a"] : ["-map", "0:V?", "-map", "0:a?"]),
        "-map_metadata",
        "-1",
        "-map_chapters",
        "-1",
        "-c",
        "copy",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        "-f",
        muxer,
        output,
      ],
      { maxBuffer: 1024 * 1024 },
    );
  };

const MEDIA: Record<string, [muxer: string, audioOnly: boolean]> = {
  "audio/mpeg": ["mp3", true],
  "audio/mp4": ["ipod", true],
  "audio/x-m4a": ["ipod", true],
  "audio/aac": ["adts", true],
  "audio/ogg": ["ogg", true],
  "audio/opus": ["ogg", true],
  "audio/wav": ["wav", true],
  "audio/x-wav": ["wav", true],
  "audio/flac": ["flac", true],
  "audio/x-flac": ["flac", true],
  "video/mp4": ["mp4", false],
  "video/quicktime": ["mov", false],
  "video/webm": ["webm", false],
  "video/x-matroska": ["matroska", false],
};

export function stripperFor(mimeType: string): Stripper | null {
  if (mimeType === "application/pdf") return stripPdf;
  if (mimeType.startsWith("image/")) return stripImage;
  const media = MEDIA[mimeType];
  return media ? stripMedia(...media) : null;
}

export interface JudgeCopy {
  storageKey: string;
  sizeBytes: bigint;
}

const inFlight = new Map<string, Promise<JudgeCopy>>();

/**
 * The judges' copy of a stored file, made on first use. Runs outside any transaction (it may
 * take seconds for a long video); a browser's parallel Range requests share one run, and two
 * instances racing write the same deterministic key with the same content.
 */
export function judgeCopy(
  db: Db,
  file: {
    id: string;
    storageKey: string;
    mimeType: string;
    judgeStorageKey: string | null;
    judgeSizeBytes: bigint | null;
  },
): Promise<JudgeCopy> {
  if (file.judgeStorageKey && file.judgeSizeBytes !== null) {
    return Promise.resolve({ storageKey: file.judgeStorageKey, sizeBytes: file.judgeSizeBytes });
  }
  let pending = inFlight.get(file.id);
  if (!pending) {
    pending = makeJudgeCopy(db, file).finally(() => inFlight.delete(file.id));
    inFlight.set(file.id, pending);
  }
  return pending;
}

async function makeJudgeCopy(db: Db, file: { id: string; storageKey: string; mimeType: string }): Promise<JudgeCopy> {
  const strip = stripperFor(file.mimeType);
  if (!strip) throw new JudgeCopyError(`no metadata stripper for ${file.mimeType}`);
  const storage = getStorage();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "gbc-judge-"));
  try {
    // exiftool tells the format to write by the file's extension.
    const ext =
      file.mimeType === "application/pdf" ? "pdf" : (file.mimeType.split("/")[1] ?? "bin").replace(/[^a-z0-9]/g, "");
    const input = path.join(dir, `original.${ext}`);
    const output = path.join(dir, `judge.${ext}`);
    await pipeline(await storage.read(file.storageKey), fs.createWriteStream(input));
    try {
      await strip(input, output);
    } catch (err) {
      throw new JudgeCopyError(`stripping ${file.mimeType} failed: ${(err as Error).message}`);
    }
    const key = `judge/${file.id}`;
    const { size } = await storage.importFile(key, output);
    await db.storedFile.update({
      where: { id: file.id },
      data: { judgeStorageKey: key, judgeSizeBytes: BigInt(size) },
    });
    return { storageKey: key, sizeBytes: BigInt(size) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts making the judges' copies of these files in the background (when a judge opens the
 * entry, before the player asks for the bytes), one at a time; failures are logged and retried
 * on the next access. Never awaited by the page.
 */
export function prepareJudgeCopies(db: Db, fileIds: string[]): void {
  if (fileIds.length === 0) return;
  void (async () => {
    const files = await db.storedFile.findMany({
      where: { id: { in: fileIds }, judgeStorageKey: null, deletedAt: null },
      select: { id: true, storageKey: true, mimeType: true, judgeStorageKey: true, judgeSizeBytes: true },
    });
    for (const f of files)
      await judgeCopy(db, f).catch((err: unknown) => console.error(`[judge-copy] ${f.id}: ${(err as Error).message}`));
  })().catch((err: unknown) => console.error("[judge-copy] prepare failed:", err));
}

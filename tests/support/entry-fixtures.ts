/**
 * Builders for the journalist's side: a draft owned by a user, with evidence rows as the
 * upload pipeline records them (sniffed type, size, sha256), ready to submit.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "#app/server/shared/db.server.ts";
import type { EntryForm } from "#app/domain/entry-form.ts";
import { saveEntry } from "#app/server/journalist/entries.server.ts";

export function tvSeriesForm(categoryId: string, dates: string[] = ["2021-03-01", "2021-03-08", "2021-03-15"]): EntryForm {
  return {
    categoryId,
    title: "Hải Dương vượt khó – tăng tốc",
    summary: "Loạt phóng sự về phục hồi kinh tế sau dịch.",
    outlet: "Đài PT-TH Hải Dương",
    kind: dates.length > 1 ? "SERIES" : "SINGLE",
    parts: dates.map((d, i) => ({ title: `Kỳ ${i + 1}`, publishedOn: d, url: "" })),
    authors: [
      { fullName: "Nguyễn Văn An", penName: "Văn An", agency: "Đài PT-TH Hải Dương", email: "", sharePercent: 60 },
      { fullName: "Trần Thị Bình", penName: "", agency: "Đài PT-TH Hải Dương", email: "binh@example.test", sharePercent: 40 },
    ],
    declaredOriginal: true,
    declaredOtherAward: false,
    otherAwardDetails: "",
  };
}

/** Records one evidence file per part, as if uploaded (the bytes are not needed to submit). */
export async function attachEvidence(db: Db, entryId: string, userId: string, mimeType = "video/mp4") {
  const parts = await db.entryPart.findMany({ where: { entryId }, orderBy: { position: "asc" } });
  for (const p of parts) {
    await db.storedFile.create({
      data: {
        entryId,
        partId: p.id,
        storageKey: `test/${randomBytes(8).toString("hex")}`,
        originalName: `ky-${p.position}.mp4`,
        mimeType,
        sizeBytes: 1234n,
        sha256: randomBytes(32).toString("hex"),
        uploadedById: userId,
      },
    });
  }
}

/** A complete draft (saved through the service) with evidence for every part. */
export async function makeReadyDraft(
  db: Db,
  o: { contestId: string; categoryId: string; userId: string; dates?: string[] },
) {
  const { id } = await saveEntry(db, {
    userId: o.userId,
    contestId: o.contestId,
    form: tvSeriesForm(o.categoryId, o.dates),
  });
  await attachEvidence(db, id, o.userId);
  return id;
}

import { formatNumber } from "#app/domain/format.ts";
import { useTranslation } from "react-i18next";

import type { JudgeFile } from "#app/domain/judging-view.ts";

/** The files the list plays: the judging service's files as a judge may see them. */
export type EvidenceFile = JudgeFile;

/**
 * Evidence played in the page: PDFs inline, audio and video with seeking (the file route
 * answers HTTP Range requests), images shown. Every file also opens in a new tab.
 */
export function EvidenceList({ files }: { files: EvidenceFile[] }) {
  const { t, i18n } = useTranslation("judging");
  if (files.length === 0) return <p className="muted">{t("noFiles")}</p>;
  return (
    <ul className="evidence">
      {files.map((f) => {
        const src = `/judge/files/${f.id}`;
        return (
          <li key={f.id}>
            {f.mimeType === "application/pdf" ? (
              <iframe className="evidence__pdf" src={src} title={f.label} />
            ) : f.mimeType.startsWith("audio/") ? (
              <audio controls preload="metadata" src={src} aria-label={f.label} />
            ) : f.mimeType.startsWith("video/") ? (
              <video controls preload="metadata" src={src} aria-label={f.label} className="evidence__video" />
            ) : f.mimeType.startsWith("image/") ? (
              <img src={src} alt={f.label} className="evidence__img" />
            ) : null}
            <p>
              <a href={src} target="_blank" rel="noopener noreferrer">
                {t("download", { label: f.label })}
              </a>{" "}
              <span className="muted">
                ({formatNumber(Math.max(1, Math.round(f.sizeBytes / 1024)), i18n.language)} KB)
              </span>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

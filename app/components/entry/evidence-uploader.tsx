import { useRevalidator } from "@remix-run/react";
import { useId, useRef, useState } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import type { Upload } from "tus-js-client";

type Phase = "idle" | "uploading" | "paused" | "done" | "error";

/**
 * One part's evidence upload over tus: progress bar, pause/resume, and resume after a page
 * reload (tus-js-client keeps the upload URL in localStorage under a fingerprint of the part
 * and the file; choosing the same file again continues where it stopped).
 */
export function EvidenceUploader(props: {
  entryId: string;
  partId: string;
  partNumber: number;
  accept: string;
  acceptsText: string;
}) {
  const { t } = useTranslation("entry");
  const id = useId();
  const revalidator = useRevalidator();
  const upload = useRef<Upload | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [percent, setPercent] = useState(0);
  const [message, setMessage] = useState("");

  async function start() {
    if (!file) return;
    const tus = await import("tus-js-client");
    const u = new tus.Upload(file, {
      endpoint: "/uploads/tus",
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: { filename: file.name, filetype: file.type, entryId: props.entryId, partId: props.partId },
      fingerprint: async (f) =>
        ["gbc", props.entryId, props.partId, (f as File).name, (f as File).size, (f as File).lastModified].join("|"),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress(sent, total) {
        setPercent(total ? Math.floor((sent / total) * 100) : 0);
      },
      onSuccess() {
        setPhase("done");
        setMessage(t("uploaded", { name: file.name }));
        setFile(null);
        revalidator.revalidate();
      },
      onError(err) {
        const res = (err as { originalResponse?: { getBody(): string } | null }).originalResponse;
        const reason = res?.getBody()?.trim() || err.message;
        setPhase("error");
        setMessage(t("uploadFailed", { name: file.name, reason }));
      },
    });
    upload.current = u;
    const previous = await u.findPreviousUploads();
    if (previous[0]) {
      u.resumeFromPreviousUpload(previous[0]);
      setMessage(t("resuming", { name: file.name }));
    } else {
      setMessage("");
    }
    setPhase("uploading");
    u.start();
  }

  function pause() {
    void upload.current?.abort();
    setPhase("paused");
    setMessage(t("paused", { name: file?.name ?? "", percent }));
  }

  function resume() {
    setPhase("uploading");
    setMessage("");
    upload.current?.start();
  }

  return (
    <div className="uploader">
      <label htmlFor={`${id}-file`}>{t("chooseFile", { n: props.partNumber })}</label>
      <div className="hint" id={`${id}-hint`}>
        {props.acceptsText}
      </div>
      <input
        id={`${id}-file`}
        type="file"
        accept={props.accept}
        aria-describedby={`${id}-hint`}
        disabled={phase === "uploading" || phase === "paused"}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setPhase("idle");
          setPercent(0);
        }}
      />
      <div className="button-row">
        {phase === "idle" || phase === "done" || phase === "error" ? (
          <button type="button" className="btn btn--secondary" disabled={!file} onClick={() => void start()}>
            {t("upload")}
          </button>
        ) : null}
        {phase === "uploading" ? (
          <button type="button" className="btn btn--secondary" onClick={pause}>
            {t("pause")}
          </button>
        ) : null}
        {phase === "paused" ? (
          <button type="button" className="btn btn--secondary" onClick={resume}>
            {t("resume")}
          </button>
        ) : null}
      </div>
      {phase === "uploading" || phase === "paused" ? (
        <progress max={100} value={percent} aria-label={t("uploading", { name: file?.name ?? "", percent })}>
          {percent} %
        </progress>
      ) : null}
      <div role={phase === "error" ? "alert" : "status"} className={phase === "error" ? "field-error" : "muted"}>
        {phase === "uploading"
          ? [message, t("uploading", { name: file?.name ?? "", percent })].filter(Boolean).join(" ")
          : message}
      </div>
    </div>
  );
}

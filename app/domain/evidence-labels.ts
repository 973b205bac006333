/** Short names of the file types people know (for "accepted: MP4, MOV, WebM"). */
const LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "audio/mpeg": "MP3",
  "audio/x-m4a": "M4A",
  "audio/mp4": "M4A",
  "audio/wav": "WAV",
  "audio/x-wav": "WAV",
  "video/mp4": "MP4",
  "video/quicktime": "MOV",
  "video/webm": "WebM",
};

export function mimeLabel(mime: string): string {
  return LABELS[mime] ?? mime;
}

/** "MP4, MOV, WebM" — each label once. */
export function acceptedLabels(mimeTypes: readonly string[]): string {
  return [...new Set(mimeTypes.map(mimeLabel))].join(", ");
}

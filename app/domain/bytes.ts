/** File sizes for people: 1,5 MB (Vietnamese decimal comma) or 1.5 MB. */
export function formatBytes(bytes: number, locale: "vi" | "en" = "vi"): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  const s = u === 0 ? String(v) : v.toFixed(1);
  return `${locale === "vi" ? s.replace(".", ",") : s} ${units[u]}`;
}

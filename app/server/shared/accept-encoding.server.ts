/** Whether an Accept-Encoding header allows gzip (named or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(",")) {
    const [token = "", ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith("q="));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (token === "gzip" || token === "x-gzip") return allowed;
    if (token === "*") star = allowed;
  }
  return star;
}

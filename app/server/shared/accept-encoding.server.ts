import Negotiator from "negotiator";

/**
 * Whether an Accept-Encoding header allows gzip (named or `*`, with a q-value above 0), decided
 * by negotiator, the parser compression() itself uses, so both agree on every header.
 */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return new Negotiator({ headers: { "accept-encoding": header } }).encodings(["gzip"]).length > 0;
}

// Which address a request comes from, behind reverse proxies (used by server.mjs; plain JS so
// the production server needs no TypeScript loader).

/**
 * The client's address from an X-Forwarded-For header and the socket's address, trusting the
 * `hops` nearest proxies. Every proxy appends the address it received the request from, so
 * only the right-most entries were written by proxies we trust; anything to their left is
 * whatever the client chose to send. With hops = 1 (one proxy, the socket's peer) that is the
 * right-most entry.
 * @param {string | string[] | undefined} header
 * @param {string} socketAddress
 * @param {number} hops
 * @returns {string}
 */
export function forwardedClient(header, socketAddress, hops) {
  const listed = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // chain[last] is the socket's peer (the nearest proxy); each trusted hop moves one step left.
  const chain = [...listed, socketAddress];
  return chain[Math.max(0, chain.length - 1 - Math.max(0, hops))] ?? socketAddress;
}

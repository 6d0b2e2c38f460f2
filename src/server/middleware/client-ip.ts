/**
 * Who is asking: the client address the rate limit counts and the request log hashes.
 *
 * The address of the connection is the only one a client cannot choose. Behind a reverse proxy
 * (nginx, a CDN) that address is the proxy's, and the client's is the entry the proxy appended
 * to `X-Forwarded-For`; everything left of it is whatever the client sent, so only the entries
 * added by proxies we run are believed: with `trustedHops` = 1 (HOIDAP_TRUST_PROXY=1) the last
 * entry, with 2 the one before it, and so on. With 0 (the default) the header is ignored: a bot
 * could otherwise give every request a fresh address and never be limited.
 *
 * Pure and runtime-agnostic: the Node entry finds the connection's address (src/node/client-ip.ts).
 *
 * @example
 * clientIpFrom('10.0.0.2', '198.51.100.7, 203.0.113.9', 1) // '203.0.113.9'
 * clientIpFrom('10.0.0.2', '198.51.100.7, 203.0.113.9', 0) // '10.0.0.2'
 * rateLimitKey('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */

/** The client's address, or undefined when the connection's address is unknown. */
export function clientIpFrom(peer: string | undefined, forwardedFor: string | undefined, trustedHops: number): string | undefined {
  const direct = peer === undefined || peer === '' ? undefined : normalizeIp(peer);
  if (trustedHops <= 0 || forwardedFor === undefined) return direct;
  // Only the rightmost entries were written by our proxies; a long header is a client's invention.
  const hops = forwardedFor
    .slice(-1024)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = hops[hops.length - trustedHops] ?? hops[0];
  if (entry === undefined) return direct;
  const ip = normalizeIp(entry);
  // A trusted proxy writes an address; anything else means the proxy chain is not what the
  // configuration says, and the connection's address is the safer key.
  return isIp(ip) ? ip : direct;
}

/** "::ffff:192.0.2.1" → "192.0.2.1", "[2001:db8::1]:443" → "2001:db8::1", "192.0.2.1:8080" → "192.0.2.1". */
export function normalizeIp(raw: string): string {
  let ip = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  const zone = ip.indexOf('%');
  return zone >= 0 ? ip.slice(0, zone) : ip;
}

function isIp(value: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(value) || (value.includes(':') && /^[0-9a-f:.]{2,45}$/.test(value));
}

/**
 * The rate-limit bucket of an address: IPv4 as is; IPv6 by its /64, since one subscriber gets a
 * whole /64 and could otherwise rotate through addresses for free.
 */
export function rateLimitKey(ip: string | undefined): string {
  if (ip === undefined) return 'unknown';
  if (!ip.includes(':')) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : ip;
}

function expandIpv6(ip: string): string[] | undefined {
  if (ip.includes('.')) return undefined;
  const [head, tail, extra] = ip.split('::');
  if (extra !== undefined) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups.map((g) => g.replace(/^0+(?=.)/, '')) : undefined;
}

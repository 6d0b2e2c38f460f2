/**
 * The client address on Node: the socket's peer address (from @hono/node-server), or the entry
 * our proxies appended to X-Forwarded-For when HOIDAP_TRUST_PROXY says how many there are
 * (see src/server/middleware/client-ip.ts for why only those entries are believed).
 *
 * @example
 * createApp({ qa, health, clientIp: nodeClientIp(config.trustProxy) });
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { clientIpFrom } from '../server/middleware/client-ip.js';

export function nodeClientIp(trustedHops: number): (c: Context) => string | undefined {
  return (c) => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      // Not served by @hono/node-server (app.request() in a test): no socket to ask.
      peer = undefined;
    }
    return clientIpFrom(peer, c.req.header('x-forwarded-for'), trustedHops);
  };
}

/**
 * The server's limits, CORS origins, admin token and logs, from the Config, for `createApp` on
 * Node: request log lines on stdout (one JSON object per line, for the log collector), errors
 * as JSON lines on stderr with their stack (never sent to clients).
 *
 * @example
 * const app = createApp({ qa, health, ...protectionOptions(config) });
 * for (const line of describeProtections(config)) console.error(line);
 */
import type { Config } from '../config.js';
import type { RequestLogEntry } from '../server/middleware/request-log.js';
import type { ProtectionOptions } from '../server/protections.js';
import { nodeClientIp } from './client-ip.js';
import { watchEventLoopLag } from './event-loop.js';

export function protectionOptions(
  config: Config,
): ProtectionOptions & { logError: (error: unknown) => void; logRequest: (entry: RequestLogEntry) => void } {
  return {
    limits: {
      maxBodyBytes: config.maxBodyBytes,
      maxAdminBodyBytes: config.maxFileBytes,
      rateLimit: config.rateLimit,
      rateLimitWindowMs: config.rateLimitWindowMs,
      maxConcurrent: config.maxConcurrent,
      askTimeoutMs: config.askTimeoutMs,
    },
    clientIp: nodeClientIp(config.trustProxy),
    allowedOrigins: config.allowedOrigins,
    adminToken: config.adminToken,
    logRequest: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
    ...(config.maxLagMs > 0 ? { isBusy: busyOver(config.maxLagMs) } : {}),
    logError: (error) => {
      const err = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'error', name: err.name, message: err.message, stack: err.stack })}\n`,
      );
    },
  };
}

/** A probe that says the event loop is more than `maxLagMs` behind. */
function busyOver(maxLagMs: number): () => boolean {
  const lag = watchEventLoopLag();
  return () => lag.ms() > maxLagMs;
}

/** What an operator should know at start: what is off, what is open. */
export function describeProtections(config: Config): string[] {
  const lines = [
    `Limits: ${config.rateLimit ? `${config.rateLimit} questions per client per ${config.rateLimitWindowMs / 1000} s` : 'no rate limit'}, ` +
      `${config.maxConcurrent} requests in flight${config.maxLagMs ? ` or ${config.maxLagMs} ms of event-loop lag` : ''}, ${config.askTimeoutMs} ms per question, bodies up to ${config.maxBodyBytes} bytes` +
      `${config.trustProxy ? `; client address from X-Forwarded-For (${config.trustProxy} trusted prox${config.trustProxy === 1 ? 'y' : 'ies'})` : ''}.`,
    config.allowedOrigins.length
      ? `CORS: browsers on ${config.allowedOrigins.join(', ')} may call the API.`
      : 'CORS: no other site may call the API from a browser (set HOIDAP_ALLOWED_ORIGINS to the news site origins for the widget).',
  ];
  if (config.adminToken === undefined)
    lines.push('Admin routes (/api/articles…, /api/admin…) are disabled: set HOIDAP_ADMIN_TOKEN to enable them.');
  return lines;
}

/**
 * A real HTTP server on loopback for a Hono app, as in production (@hono/node-server), so the
 * tests see what a client sees: sockets, Content-Length, chunked bodies, early answers.
 *
 * @example
 * const server = await listen(createApp({ qa, health }));
 * await fetch(`${server.base}/healthz`);
 * await server.close();
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { AskResponse } from '../../src/contract.js';
import type { AppDeps } from '../../src/server/app.js';

export interface Listening {
  base: string;
  server: ServerType;
  close: () => Promise<void>;
}

export async function listen(app: Hono): Promise<Listening> {
  let server!: ServerType;
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    server,
    close: () =>
      new Promise<void>((done) => {
        // Keep-alive sockets of fetch would hold close() open for seconds.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

const STUB_ANSWER: AskResponse = {
  answer: 'Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng. [1]',
  found: true,
  citations: [],
  answerer: 'stub',
  tookMs: 0,
};

/** A QA service that answers at once, or when `gate` resolves; records the signals it was given. */
export function stubQa(gate?: () => Promise<void>): AppDeps['qa'] & { calls: number; signals: (AbortSignal | undefined)[] } {
  const stub = {
    calls: 0,
    signals: [] as (AbortSignal | undefined)[],
    async ask(_request: unknown, signal?: AbortSignal): Promise<AskResponse> {
      stub.calls++;
      stub.signals.push(signal);
      if (gate) await gate();
      return STUB_ANSWER;
    },
  };
  return stub;
}

export const health = () => ({ articles: 0, chunks: 0, model: null });

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

export interface ApiErrorBody {
  error: { code: string; message: string; messageEn: string };
}

/** Nothing a client should ever see: stack frames, file paths, error class names. */
export const LEAK = /\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+|Error:/;

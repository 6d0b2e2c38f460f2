/**
 * The two deployments the HTTP contract tests ask the same questions of, each over real HTTP on
 * loopback with the same articles, the trained reader and the diacritic restorer:
 *
 * - `node`: the Hono app on @hono/node-server over the in-memory index (lexical: the contract
 *   does not depend on the embedding model);
 * - `workers`: the Worker in workerd (`wrangler dev --local`, the stand-in environment): D1,
 *   the queue and rate limiting for real, Workers AI and Vectorize as stand-ins. The articles go
 *   in as a newsroom loads them: POST /api/articles/batch, then the queue consumer.
 *
 * @example
 * const target = await startTarget('workers', [GIA_VANG, MUA_HA_NOI]);
 * await target.ask({ question: 'Giá vàng bao nhiêu?' });
 * await target.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex } from '../../src/index/build.js';
import { JsonlFeedbackStore } from '../../src/node/feedback-store.js';
import { HybridRetriever, MemoryPassages } from '../../src/node/memory-index.js';
import { loadReader } from '../../src/node/reader.js';
import { loadRestorer } from '../../src/node/restorer.js';
import { widgetLoader } from '../../src/node/widget-bundle.js';
import { QaService } from '../../src/qa.js';
import { liveAdmin } from '../../src/server/admin.js';
import { createApp } from '../../src/server/app.js';
import { LiveIndex } from '../../src/index/live.js';
import { startLocalWorker, STANDIN_ADMIN_TOKEN, waitForIndexed } from '../../scripts/lib/local-worker.js';
import { listen } from '../server/harness.js';

export type TargetName = 'node' | 'workers';
export const TARGETS: readonly TargetName[] = ['node', 'workers'];

export interface Target {
  name: TargetName;
  base: string;
  adminToken: string;
  /** POST /api/ask with a JSON body (a string is sent as it is). */
  ask(body: object | string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

let client = 0;
/**
 * Each request comes from its own address: Workers' rate-limiting binding counts per
 * `cf-connecting-ip` (10 a minute in the stand-in environment), and the contract is not about
 * that limit. Node ignores the header (it reads the socket's address).
 */
const fromNewClient = (): Record<string, string> => ({ 'cf-connecting-ip': `198.51.100.${(client = (client % 250) + 1)}` });

function target(name: TargetName, base: string, adminToken: string, close: () => Promise<void>): Target {
  return {
    name,
    base,
    adminToken,
    ask: (body, headers = { 'content-type': 'application/json' }) =>
      fetch(`${base}/api/ask`, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { ...fromNewClient(), ...headers },
      }),
    close,
  };
}

export async function startTarget(name: TargetName, articles: readonly Article[]): Promise<Target> {
  return name === 'node' ? startNode(articles) : startWorkers(articles);
}

async function startNode(articles: readonly Article[]): Promise<Target> {
  const index = await buildIndex(articles);
  const [reader, restorer] = await Promise.all([loadReader('models/hoidap-reader/reader.json'), loadRestorer()]);
  const qa = new QaService({ retriever: new HybridRetriever(index), reader: { reader }, restorer });
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-contract-'));
  const adminToken = 'contract-admin-token';
  const server = await listen(
    createApp({
      qa,
      health: () => ({ articles: index.store.articleCount, chunks: index.store.chunkCount, model: null }),
      feedback: new JsonlFeedbackStore(join(dir, 'feedback.jsonl')),
      widget: widgetLoader(),
      articles: new MemoryPassages(index),
      admin: liveAdmin(new LiveIndex(index)),
      adminToken,
      logError: () => {},
    }),
  );
  return target('node', server.base, adminToken, async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

async function startWorkers(articles: readonly Article[]): Promise<Target> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hoidap-contract-worker-'));
  const worker = await startLocalWorker({ port: 0, stateDir, output: 'capture' });
  const close = async () => {
    await worker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const lines = articles.map(({ origin: _origin, ...article }) => JSON.stringify(article)).join('\n');
    const res = await fetch(`${worker.url}/api/articles/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STANDIN_ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    if (!res.ok) throw new Error(`batch: ${res.status} ${await res.text()}`);
    const indexed = await waitForIndexed(worker.url, articles.length, 20_000);
    if (indexed < articles.length) throw new Error(`the queue consumer indexed ${indexed} of ${articles.length}:\n${worker.log()}`);
  } catch (error) {
    await close();
    throw error;
  }
  return target('workers', worker.url, STANDIN_ADMIN_TOKEN, close);
}

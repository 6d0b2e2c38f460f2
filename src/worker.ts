/**
 * The Cloudflare Workers entry. Workers cannot run hnswlib or read the index folder, so until
 * the Workers adapters exist (Vectorize, KV/D1) this entry answers honestly that questions are
 * not served here, using the same error format as the Node server.
 */
import { Hono } from 'hono';
import { errorResponse } from './server/errors.js';

const app = new Hono();

app.get('/healthz', (c) => c.json({ ok: false, runtime: 'workers', articles: 0, chunks: 0, model: null }));
app.all('*', (c) => errorResponse(c, 503, 'not_configured'));

export default app;

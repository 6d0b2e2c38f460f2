/** The test environment's bindings, typed: the Worker's Env, the stand-in's extra call, the migrations. */
import { env as untyped, type D1Migration } from 'cloudflare:test';
import type { Env } from '../../src/workers/env.js';

export interface TestEnv extends Env {
  /** Read by vitest.workers.config.ts from migrations/. */
  TEST_MIGRATIONS: D1Migration[];
  /** The Vectorize stand-in (src/workers/standins/vectorize.ts), which also counts its vectors. */
  VECTORIZE: Env['VECTORIZE'] & { count(): Promise<number> };
}

export const env = untyped as TestEnv;

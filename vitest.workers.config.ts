/**
 * The Worker's tests, run inside workerd by @cloudflare/vitest-pool-workers with wrangler.toml's
 * `[env.test]`: D1 (with the migrations applied), the Queue and the rate limiter are the local
 * implementations of the real bindings; Workers AI and Vectorize are the stand-ins of
 * src/workers/standins/. `npx vitest run --config vitest.workers.config.ts`
 */
import { join } from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml', environment: 'test' },
        // Read by tests/workers/setup.ts, which applies them to the test database.
        miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
      }),
    ],
    test: {
      // Only the files that run inside workerd; tests/workers/d1-*.test.ts run in Node against Miniflare.
      include: ['tests/workers/**/*.workerd.test.ts'],
      // wrangler's `[build]` command does not run here: the widget is bundled before the tests.
      globalSetup: ['tests/workers/build-widget.ts'],
      setupFiles: ['tests/workers/setup.ts'],
      testTimeout: 30_000,
      // One runner for every file: each new one loads the Worker again, and the 14.8 MB restorer
      // (a Data module) alone takes ~15 s to reach workerd through the pool (measured: 50 s → 25 s).
      // The files share D1 and the stand-ins' memory, so each uses article ids of its own.
      isolate: false,
      maxWorkers: 1,
    },
  };
});

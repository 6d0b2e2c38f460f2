import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that run inside workerd have their own runner: npm run test:workers (vitest.workers.config.ts).
    exclude: [...configDefaults.exclude, 'tests/**/*.workerd.test.ts'],
    // Model loading and index builds take seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Model loading and index builds take seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

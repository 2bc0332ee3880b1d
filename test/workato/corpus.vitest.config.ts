import { defineConfig } from 'vitest/config';

// Runs only the corpus check (see corpus-check.ts); `npm test` does not pick it up.
export default defineConfig({
  test: {
    include: ['test/workato/corpus-check.ts'],
    testTimeout: 3_600_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Fault tests: real server processes and private PostgreSQL clusters that the tests crash,
 * stop and fill up. Files end in .faults.ts so the normal suite never runs them; one file
 * at a time, each on its own cluster and free ports.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});

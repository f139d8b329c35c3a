import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A page waits for its data; on a busy 2-core machine that can take seconds, not the
    // default one second.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});

import { defineConfig } from 'vitest/config';

/** The black-box attacker suite (test/security): one long run against a real listening server. */
export default defineConfig({
  test: {
    include: ['test/security/**/*.suite.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});

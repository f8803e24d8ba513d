import { defineConfig } from 'vitest/config';

// Set before the global setup imports any handler code, so every Powertools logger in the run starts at this level.
process.env.POWERTOOLS_LOG_LEVEL = process.env.ROSTER_TEST_LOG_LEVEL ?? 'SILENT';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One set of emulators and one HTTP front for the whole run; tests isolate by creating their own orgs.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/worker-env.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

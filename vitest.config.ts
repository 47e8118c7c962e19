import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Live tests start real tmux servers; each file owns its private sockets.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

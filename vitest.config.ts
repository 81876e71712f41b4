import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new PlainSummaryReporter()],
    // Two files at a time: most integration tests wait on real runtimes more
    // than they compute, and two keep a 2-core machine from skewing the ones
    // that measure time.
    fileParallelism: true,
    maxWorkers: 3,
    minWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

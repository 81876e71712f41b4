import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new PlainSummaryReporter()],
    globalSetup: ['test/private-tmpdir.ts'],
    // Three files at a time on 2 cores: most integration tests wait on real
    // runtimes more than they compute (one file at a time kept the machine
    // busy a third of the time, and took 1304 s against 568 s).
    fileParallelism: true,
    maxWorkers: 3,
    minWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

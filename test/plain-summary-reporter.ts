// Ends a test run with one plain line, "N passed, N failed, N skipped",
// which any CI log reader understands.
import type { File, Reporter, Task } from 'vitest';

function count(tasks: Task[], totals: { passed: number; failed: number; skipped: number }): void {
  for (const t of tasks) {
    if (t.type === 'suite') count(t.tasks, totals);
    else if (t.result?.state === 'pass') totals.passed++;
    else if (t.result?.state === 'fail') totals.failed++;
    else totals.skipped++;
  }
}

export default class PlainSummaryReporter implements Reporter {
  onFinished(files: File[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    // After the default reporter's summary, so it is the last line of the log.
    setImmediate(() => process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`));
  }
}

import { describe, expect, it } from 'vitest';
import { runOrder } from '../../harness/runner/run-order.js';

describe('runOrder', () => {
  it('starts the runs that wait longest first and spreads the others evenly between them', () => {
    // waits by run: three that wait (300, 100, 200) and six that do not
    const waits = [0, 300, 0, 0, 100, 0, 200, 0, 0];
    expect(runOrder(waits)).toEqual([1, 0, 2, 6, 3, 5, 4, 7, 8]);
  });

  it('keeps every run exactly once', () => {
    const waits = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? i * 10 : 0));
    expect([...runOrder(waits)].sort((a, b) => a - b)).toEqual(waits.map((_, i) => i));
  });

  it('with no waits, or only waits, keeps the given order or sorts by wait', () => {
    expect(runOrder([0, 0, 0])).toEqual([0, 1, 2]);
    expect(runOrder([5, 20, 10])).toEqual([1, 2, 0]);
  });

  it('breaks ties in the given order', () => {
    expect(runOrder([50, 50, 0, 50])).toEqual([0, 1, 3, 2]);
  });
});

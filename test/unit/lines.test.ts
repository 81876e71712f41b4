import { describe, expect, it } from 'vitest';
import { lineSplitter } from '../../harness/client/lines.js';

describe('lineSplitter', () => {
  it('joins chunks into lines, drops \\r and blank lines, keeps a partial line for later', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    feed('{"a":');
    expect(lines).toEqual([]);
    feed('1}\r\n\n  \n{"b"');
    feed(':2}\n{"c"');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});

import { describe, expect, it } from 'vitest';
import { type Piece, SessionMarks } from '../../adapters/session-marks.js';

const MARK = 'end-0123abcd';
const show = (pieces: Piece[]) => pieces.map((p) => (Buffer.isBuffer(p) ? p.toString() : p));

/** Feeds `chunks` one by one and joins what comes out, as a warm process's reader sees it. */
function split(chunks: string[]): (string | { exit: number })[] {
  const marks = new SessionMarks(MARK);
  const out: (string | { exit: number })[] = [];
  for (const c of chunks) {
    for (const p of show(marks.push(Buffer.from(c)))) {
      const last = out[out.length - 1];
      if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    }
  }
  const rest = marks.rest().toString();
  if (rest) out.push(`rest:${rest}`);
  return out;
}

describe('SessionMarks', () => {
  it('splits stderr at each mark and reads the exit code', () => {
    expect(split([`one\n${MARK} 0\ntwo\n${MARK} 3\n`])).toEqual(['one\n', { exit: 0 }, 'two\n', { exit: 3 }]);
  });

  it('finds a mark split across chunks, byte by byte', () => {
    const text = `warn: x\n${MARK} 7\nnext`;
    expect(split([...text])).toEqual(['warn: x\n', { exit: 7 }, 'next']);
  });

  it('does not hold back text that only looks like the start of a mark once it goes on', () => {
    expect(split(['abc end-01', '99 more\n'])).toEqual(['abc end-0199 more\n']);
  });

  it('gives back what it held when the process exits mid-mark', () => {
    expect(split([`last words end-01`])).toEqual(['last words ', 'rest:end-01']);
  });

  it('a mark with no line end yet is not a session end', () => {
    expect(split([`x${MARK} 1`])).toEqual(['x', `rest:${MARK} 1`]);
  });

  it('a mark without its space is text', () => {
    expect(split([`${MARK}0\n`])).toEqual([`${MARK}0\n`]);
  });
});

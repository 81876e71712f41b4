// The suite's defect peer-call-blocks-input: the host stops reading its own
// input while a peer call is in flight, as a host that awaited peer calls in
// its read loop would. Without the defect, holding is a no-op.
import type { Readable } from 'node:stream';
import { defect } from '../defects.js';

let holders = 0;
let input: Readable = process.stdin;

/** The input of the session being served (stdin, or a warm process's connection). */
export function useInput(stream: Readable): void {
  input = stream;
}

/** Holds the host's input (under the defect) until the returned function is called. */
export function holdInput(): () => void {
  if (!defect('peer-call-blocks-input')) return () => undefined;
  if (holders++ === 0) input.pause();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) input.resume();
  };
}

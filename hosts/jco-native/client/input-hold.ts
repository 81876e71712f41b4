// The suite's defect peer-call-blocks-input: the host stops reading its own
// input while a peer call is in flight, as a host that awaited peer calls in
// its read loop would. Without the defect, holding is a no-op.
import { defect } from '../defects.js';

let holders = 0;

/** Holds the host's input (under the defect) until the returned function is called. */
export function holdInput(): () => void {
  if (!defect('peer-call-blocks-input')) return () => undefined;
  if (holders++ === 0) process.stdin.pause();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) process.stdin.resume();
  };
}

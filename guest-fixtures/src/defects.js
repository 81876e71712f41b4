// The mutant's defects (docs/fixtures.md, "Defects"). The reference and
// minimal builds never read the environment: `has` is always false there.
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { DEFECTS_ENABLED } from './variant.js';

export const DEFECTS = [
  'none', 'ignore-cancel', 'truncated-stream', 'progress-regress', 'wrong-results', 'bad-describe',
  'trap-on-cancel', 'trap', 'stdout-garbage', 'wrong-errors', 'short-lists', 'ignore-prompt-args',
  'text-as-blob', 'hang-on-read', 'accept-any-state', 'silent-changes',
];

let value = null;

/** The active defect: `WASI_MCP_FIXTURE_DEFECT`, `none` when unset. */
export function defect() {
  if (!DEFECTS_ENABLED) return 'none';
  if (value === null) {
    let found = 'none';
    for (const [key, val] of getEnvironment()) {
      if (key === 'WASI_MCP_FIXTURE_DEFECT' && val !== '') found = val;
    }
    value = found;
  }
  return value;
}

export function has(name) {
  return DEFECTS_ENABLED && defect() === name;
}

export function knownDefect() {
  return DEFECTS.indexOf(defect()) >= 0;
}

// `trap-on-cancel`: set once `slow` observed a cancellation.
let poisoned = false;

export function poison() {
  poisoned = true;
}

export function isPoisoned() {
  return poisoned;
}

/**
 * Traps the component: a thrown value that cannot be lowered to the
 * export's `error` record ends the instance.
 */
export function trap(why) {
  throw 'trap: ' + why;
}

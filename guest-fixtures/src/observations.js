// What the fixture saw from inside the component, reported by the
// `observations` tool (docs/fixtures.md, "Observations").

/** uri → the last read's writes. */
export const streams = new Map();

/** label → the last `slow` call or slow read with that label. */
export const cancellations = new Map();

/** The `changes` streams and every change event written. */
export const changes = { opened: 0, open: 0, events: [] };

export function newStreamRecord(uri) {
  const record = { writes: [], requested: [], total: 0, ended: false, dropped: false };
  streams.set(uri, record);
  return record;
}

export function newCancellationRecord(label) {
  const record = { observed: false, via: null, elapsed_ms: null, steps_completed: 0, completed: false, reason: null };
  cancellations.set(label, record);
  return record;
}

/** The `observations` tool's report, or null when `kind` is not one it knows. */
export function report(kind, key) {
  if (kind === 'changes') {
    if (key !== 'streams') return { found: false };
    return { found: true, opened: changes.opened, open: changes.open, events: changes.events.slice() };
  }
  const table = kind === 'stream' ? streams : kind === 'cancellation' ? cancellations : null;
  if (table === null) return null;
  const found = table.get(key);
  return found ? Object.assign({ found: true }, found) : { found: false };
}

// Deliberate defects for the suite's own mutation tests: a host that breaks
// one rule on purpose proves that the cases covering that rule can fail.
// Selected by WASI_MCP_HOST_DEFECT; unset in every real run.
export type HostDefect =
  | 'no-parse-error' // drops unreadable input instead of answering -32700/-32600
  | 'ignore-cancel' // never tells the guest about notifications/cancelled
  | 'respond-after-cancel' // ignores notifications/cancelled entirely and responds
  | 'echo-protocol-version' // accepts any protocol version the client asks for
  | 'fixed-protocol-version' // always answers with the latest version
  | 'stdout-passthrough' // lets the guest write to the MCP stream
  | 'no-ping' // answers ping with -32601
  | 'unknown-method-internal-error' // -32603 instead of -32601
  | 'truncate-read' // keeps only the first chunk of a resource stream
  | 'drop-progress' // never forwards progress
  | 'progress-without-token' // sends progress for requests that asked for none
  | 'answer-notifications' // answers every notification
  | 'serial' // handles one request at a time
  | 'crash-on-call' // the process dies on tools/call
  | 'wrong-error-codes'; // every error goes out as -32603

const active = process.env.WASI_MCP_HOST_DEFECT;

export function defect(name: HostDefect): boolean {
  return active === name;
}

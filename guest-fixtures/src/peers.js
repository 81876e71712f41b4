// The caller fixture's peer tools (docs/fixtures.md, "The caller fixture"):
// each call opens its own session through wasi:mcp/client, and the peer's
// results and errors are passed on unchanged. The client's functions return
// futures (wit/client.wit); every one is read to its `{tag, val}` result.
import { Session } from './client.js';
import { textResult } from './content.js';
import { mcpError } from './errors.js';
import { dropCancel, dropWritable, ignore, sleepRacing, watchCancel, writeFuture } from './io.js';

export const PEER_TOOLS = ['peer-info', 'peer-tools', 'peer-call'];

const complete = (result) => ({ tag: 'ok', val: { tag: 'complete', val: result } });
const failed = (error) => ({ tag: 'err', val: error });
const CANCELLED = () => mcpError('internal-error', 'cancelled');
const WRITE_GRACE_MS = 100;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates a peer tool's arguments: an outcome at once (`isError: true`)
 * when they are wrong, else the task that runs the call.
 */
export function peerTool(name, args) {
  if (typeof args.peer !== 'string') return complete(textResult(name + ' needs a string argument "peer"', true));
  if (name === 'peer-info') return (events, outcome, cancel) => settle(events, outcome, cancel, () => info(args.peer));
  if (name === 'peer-tools') return (events, outcome, cancel) => settle(events, outcome, cancel, () => toolNames(args.peer));
  const forwarded = args.arguments === undefined ? {} : args.arguments;
  if (typeof args.tool !== 'string' || !isObject(forwarded)) {
    return complete(textResult('peer-call needs a string "tool" and, if given, an object "arguments"', true));
  }
  return (events, outcome, cancel) => {
    dropWritable(events);
    return call(args.peer, args.tool, forwarded, outcome, cancel);
  };
}

/** `peer-info` and `peer-tools` have no events and do not heed cancellation: they are short. */
async function settle(events, outcome, cancel, work) {
  dropWritable(events);
  dropCancel(cancel);
  let result;
  try {
    result = await work();
  } catch (e) {
    result = failed(mcpError('internal-error', 'peer tool: ' + String(e)));
  }
  writeFuture(outcome, result);
}

function closeSession(session) {
  try { session[Symbol.dispose](); } catch (e) { ignore(e); }
}

/** Opens a session with `peer` and runs `use(session)`; a failed open is the outcome as it is. */
async function withSession(peer, use) {
  const opened = await Session.open(peer).read();
  if (opened.tag !== 'ok') return failed(opened.val);
  try {
    return await use(opened.val);
  } finally {
    closeSession(opened.val);
  }
}

function info(peer) {
  return withSession(peer, (session) => {
    const server = session.serverInfo();
    const seen = { protocolVersion: session.protocolVersion(), serverInfo: { name: server.name, version: server.version } };
    return complete(textResult(JSON.stringify(seen), false, seen));
  });
}

function toolNames(peer) {
  return withSession(peer, async (session) => {
    const listed = await session.listTools().read();
    if (listed.tag !== 'ok') return failed(listed.val);
    const seen = { tools: listed.val.map((t) => t.name) };
    return complete(textResult(JSON.stringify(seen), false, seen));
  });
}

/** The peer's `{tag, val}` result as this call's outcome. */
function passOn(result) {
  return result.tag === 'ok' ? complete(result.val) : failed(result.val);
}

/**
 * `peer-call`: the peer's result or error is the outcome. When this call's
 * own cancel future fires, its reason is written to the peer call's cancel
 * future, and the peer call's outcome (the client's "cancelled") is passed on.
 */
async function call(peer, tool, args, outcome, cancel) {
  const watch = watchCancel(cancel);
  let result;
  try {
    result = await withSession(peer, async (session) => {
      if (watch.fired) return failed(CANCELLED());
      const forward = wit.Future(wit.Future.STRING);
      const pending = session.callTool(tool, JSON.stringify(args), forward.readable).read();
      const first = await Promise.race([pending.then((r) => ({ r })), watch.promise.then(() => null)]);
      if (first !== null) {
        keep(forward.writable); // the peer call was not cancelled
        return passOn(first.r);
      }
      const written = forward.writable.write(watch.reason);
      const r = await pending;
      await releaseCancel(forward.writable, written);
      return passOn(r);
    });
  } catch (e) {
    result = failed(mcpError('internal-error', 'peer-call: ' + String(e)));
  }
  writeFuture(outcome, result);
  await watch.close();
}

// The canonical ABI traps when a component drops the writable end of a
// future it has not written while the reader holds the other end, and a jco
// host cannot drop what it reads. So a peer call's cancel future that was
// not written (or whose write the host has not taken) is kept for the life
// of the instance; a reference keeps it from being collected.
const unwritten = [];

function keep(writable) {
  unwritten.push(writable);
}

/**
 * After the peer call resolved: drops its cancel future once the write is
 * done (taken, or the reader gone), else keeps it. The host reads the reason
 * before it resolves the call, so the write is done or about to be.
 */
async function releaseCancel(writable, written) {
  const done = await Promise.race([written.then(() => true, () => false), sleepRacing(WRITE_GRACE_MS, null).then(() => false)]);
  if (done) dropWritable(writable);
  else keep(writable);
}

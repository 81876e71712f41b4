// What the caller fixture does through its exports (docs/fixtures.md, "The
// caller fixture"), with wasi:mcp/client served by peers-stub.mjs (the
// transpiled component imports that very module).
import { callTool, cancelFuture, context, failure, never, ok, plain, sleep, textOf } from './calls.mjs';
import { RICH_RESULT, record } from './peers-stub.mjs';

async function lists(guest, f) {
  const ctx = context();
  f.describe = await ok(() => guest.server.describe(ctx));
  const page = await ok(() => guest.server.listTools(ctx, undefined));
  f.toolPage = { names: page.tools.map((t) => t.name), nextCursor: page.nextCursor ?? null, cache: page.cache ?? null };
  f.toolConfigs = page.tools;
  f.toolCursor = await failure(() => guest.server.listTools(ctx, 'tools:4'));
  f.listResources = await failure(() => guest.server.listResources(ctx, undefined));
  f.listTemplates = await failure(() => guest.server.listResourceTemplates(ctx, undefined));
  f.listPrompts = await failure(() => guest.server.listPrompts(ctx, undefined));
  f.getPrompt = await failure(() => guest.server.getPrompt(ctx, 'plain', [], undefined));
  f.complete = await failure(() => guest.server.complete(ctx, { tag: 'prompt', val: 'greet' }, ['name', ''], []));
  f.readResource = await failure(() => guest.streaming.readResource(ctx, 'fixture://text/hello.txt', undefined, never()));
}

async function peerTools(guest, f) {
  f.echo = await callTool(guest, 'echo', { text: 'hi' });
  f.unknownTool = await callTool(guest, 'add', { a: 1, b: 2 });
  f.infoModern = await callTool(guest, 'peer-info', { peer: 'modern' });
  f.infoModernText = JSON.parse(textOf(f.infoModern.outcome.val.val));
  f.infoLegacy = await callTool(guest, 'peer-info', { peer: 'legacy' });
  f.infoUnknown = await callTool(guest, 'peer-info', { peer: 'nobody' });
  f.infoDown = await callTool(guest, 'peer-info', { peer: 'down' });
  f.toolsModern = await callTool(guest, 'peer-tools', { peer: 'modern' });
  f.toolsModernText = JSON.parse(textOf(f.toolsModern.outcome.val.val));
  f.toolsLegacy = await callTool(guest, 'peer-tools', { peer: 'legacy' });
  f.toolsUnknown = await callTool(guest, 'peer-tools', { peer: 'nobody' });

  f.callRich = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'rich' });
  f.richAsSent = plain(RICH_RESULT);
  f.callFailing = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'failing' });
  f.callEcho = await callTool(guest, 'peer-call', { peer: 'legacy', tool: 'echo', arguments: { n: 1, s: 'x', nested: { list: [1, 2] } } });
  f.callEchoDefault = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'echo' });
  f.callRefused = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'refuse' });
  f.callRejected = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'reject' });
  f.callUnknownTool = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'nope' });
  f.callUnknownPeer = await callTool(guest, 'peer-call', { peer: 'nobody', tool: 'echo' });
  f.callDown = await callTool(guest, 'peer-call', { peer: 'down', tool: 'echo' });

  f.noPeer = await callTool(guest, 'peer-info', {});
  f.toolsNoPeer = await callTool(guest, 'peer-tools', { peer: 3 });
  f.callNoTool = await callTool(guest, 'peer-call', { peer: 'modern' });
  f.callArrayArguments = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'echo', arguments: [1] });
}

async function cancellation(guest, f) {
  const before = record.calls.length;
  const own = cancelFuture();
  const t0 = Date.now();
  const pending = callTool(guest, 'peer-call', { peer: 'modern', tool: 'hang' }, { cancel: own.future });
  await sleep(100);
  f.hangBeforeCancel = record.calls.slice(before).map((c) => ({ tool: c.tool, cancel: c.cancel }));
  own.cancel('client gave up');
  // Bounded: a fixture that does not pass the cancellation on never resolves this call.
  f.cancelled = await Promise.race([pending, sleep(5000).then(() => 'no outcome within 5 s')]);
  f.cancelMs = Date.now() - t0 - 100;
  f.hangAfterCancel = record.calls.slice(before).map((c) => ({ tool: c.tool, cancel: c.cancel }));

  // A call that completes leaves its peer call's cancel future unwritten.
  const quiet = cancelFuture();
  f.notCancelled = await callTool(guest, 'peer-call', { peer: 'modern', tool: 'rich' }, { cancel: quiet.future });
  await sleep(50);
  f.notCancelledCall = record.calls.at(-1);
}

export async function run(guest) {
  const f = {};
  await lists(guest, f);
  await peerTools(guest, f);
  await cancellation(guest, f);
  await sleep(50);
  f.record = { opened: record.opened, disposed: record.disposed, calls: record.calls.map((c) => ({ tool: c.tool, peer: c.peer, arguments: c.arguments, cancel: c.cancel })) };
  return f;
}

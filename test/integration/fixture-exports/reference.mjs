// What the reference fixture does through its exports (docs/fixtures.md),
// collected as plain facts for fixture-exports.test.ts to check.
import {
  allPages, attempt, callTool, cancelFuture, context, failure, observe, ok, plain, readResource,
  sleep, textOf, toolResult, withCapabilities,
} from './calls.mjs';

const FULL_CONTEXT = context({
  protocolVersion: '2025-11-25',
  clientInfo: { name: 'ctx-client', version: '2.0.0', title: 'Ctx', description: undefined, websiteUrl: 'https://example.com' },
  clientCapabilities: JSON.stringify({ roots: { listChanged: true } }),
  logLevel: 'warning',
  trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: undefined, baggage: 'k=v' },
  meta: JSON.stringify({ 'com.example/x': 1 }),
});

async function lists(guest, f) {
  const ctx = context();
  const tools = await allPages((c) => guest.server.listTools(ctx, c), (t) => t.name);
  f.toolPages = tools.pages;
  f.echoConfig = tools.items.find((t) => t.name === 'echo');
  f.addConfig = tools.items.find((t) => t.name === 'add');
  f.badToolCursor = await failure(() => guest.server.listTools(ctx, 'tools:3'));
  f.foreignCursor = await failure(() => guest.server.listTools(ctx, 'prompts:2'));
  const resources = await allPages((c) => guest.server.listResources(ctx, c), (r) => r.uri);
  f.resourcePages = resources.pages;
  f.resourceEntries = resources.items;
  f.templatePages = (await allPages((c) => guest.server.listResourceTemplates(ctx, c), (t) => t.uriTemplate)).pages;
  const prompts = await allPages((c) => guest.server.listPrompts(ctx, c), (p) => p.name);
  f.promptPages = prompts.pages;
  f.greetConfig = prompts.items.find((p) => p.name === 'greet');
}

async function simpleTools(guest, f) {
  f.echo = await callTool(guest, 'echo', { text: 'hello' });
  f.echoMissing = await toolResult(guest, 'echo', {});
  f.add = await toolResult(guest, 'add', { a: 2, b: 3.5 });
  f.addBad = await toolResult(guest, 'add', { a: '2', b: 3 });
  f.fail = await toolResult(guest, 'fail', {});
  f.unknownTool = await callTool(guest, 'nope', {});
  f.arrayArguments = await callTool(guest, 'echo', [1]);
  f.context = (await toolResult(guest, 'context', {}, { ctx: FULL_CONTEXT })).structuredContent;
  f.contextText = textOf(await toolResult(guest, 'context', {}, { ctx: FULL_CONTEXT }));
  f.log = await callTool(guest, 'log', {
    messages: [{ level: 'debug', data: { a: 1 } }, { level: 'error', data: 'boom', logger: 'db' }],
  });
  f.logBadLevel = await toolResult(guest, 'log', { messages: [{ level: 'loud', data: 1 }] });
  f.gallery = await toolResult(guest, 'gallery', {});
  f.raise = await callTool(guest, 'raise', { code: 'forbidden', message: 'not you', data: { who: 'me' } });
  f.raiseDefault = await callTool(guest, 'raise', { code: 'timeout' });
  f.raiseUnknown = await toolResult(guest, 'raise', { code: 'teapot' });
  f.extraBefore = await callTool(guest, 'extra', {});
}

async function slow(guest, f) {
  f.slow = await callTool(guest, 'slow', { steps: 3, step_ms: 5, label: 'quick', log: true });
  f.slowObservation = await observe(guest, 'cancellation', 'quick');

  const viaFuture = cancelFuture();
  const t0 = Date.now();
  f.slowCancelled = await callTool(guest, 'slow', { steps: 100, step_ms: 20, label: 'by-future' }, {
    cancel: viaFuture.future,
    onEvent: (n) => (n === 3 ? viaFuture.cancel('client gave up') : undefined),
  });
  f.slowCancelledMs = Date.now() - t0;
  await sleep(50);
  f.cancelByFuture = await observe(guest, 'cancellation', 'by-future');

  f.slowDropped = await callTool(guest, 'slow', { steps: 100, step_ms: 20, label: 'by-drop' }, {
    onEvent: (n) => (n === 3 ? 'drop' : undefined),
  });
  await sleep(100);
  f.cancelByDrop = await observe(guest, 'cancellation', 'by-drop');
  // `watch` isolates the paths: each mode ignores the other sign.
  const onlyFuture = cancelFuture();
  await callTool(guest, 'slow', { steps: 6, step_ms: 10, label: 'future-ignores-drop', watch: 'future' }, {
    cancel: onlyFuture.future,
    onEvent: (n) => (n === 2 ? 'drop' : undefined),
  });
  await sleep(150);
  f.futureIgnoresDrop = await observe(guest, 'cancellation', 'future-ignores-drop');
  onlyFuture.cancel('too late');
  const futureAfterDrop = cancelFuture();
  await callTool(guest, 'slow', { steps: 100, step_ms: 20, label: 'future-heeded', watch: 'future' }, {
    cancel: futureAfterDrop.future,
    onEvent: (n) => {
      if (n !== 2) return undefined;
      setTimeout(() => futureAfterDrop.cancel('now'), 100);
      return 'drop';
    },
  });
  await sleep(250);
  f.futureHeeded = await observe(guest, 'cancellation', 'future-heeded');
  const ignoredFuture = cancelFuture();
  await callTool(guest, 'slow', { steps: 6, step_ms: 10, label: 'stream-ignores-future', watch: 'stream' }, {
    cancel: ignoredFuture.future,
    onEvent: (n) => (n === 2 ? ignoredFuture.cancel('ignored') : undefined),
  });
  f.streamIgnoresFuture = await observe(guest, 'cancellation', 'stream-ignores-future');
  await callTool(guest, 'slow', { steps: 100, step_ms: 20, label: 'stream-heeded', watch: 'stream' }, {
    onEvent: (n) => (n === 2 ? 'drop' : undefined),
  });
  await sleep(100);
  f.streamHeeded = await observe(guest, 'cancellation', 'stream-heeded');
  f.slowBadWatch = await toolResult(guest, 'slow', { watch: 'neither' });
  f.unknownObservation = await observe(guest, 'cancellation', 'never-used');
  f.slowBadArgs = await toolResult(guest, 'slow', { steps: -1 });
}

async function roundTrips(guest, f) {
  const elicit = withCapabilities({ elicitation: {} });
  const retry = (state, responses = []) => ({
    responses: responses.map(([k, v]) => [k, JSON.stringify(v)]),
    requestState: state,
  });
  f.confirmNoCapability = await callTool(guest, 'confirm', {});
  f.confirmFirst = await callTool(guest, 'confirm', {}, { ctx: elicit });
  f.confirmAccepted = await callTool(guest, 'confirm', {}, {
    ctx: elicit, retry: retry('confirm:v1:7f3a', [['confirm', { action: 'accept', content: { ok: true } }]]),
  });
  f.confirmNotOk = await callTool(guest, 'confirm', {}, {
    ctx: elicit, retry: retry('confirm:v1:7f3a', [['confirm', { action: 'accept', content: { ok: false } }]]),
  });
  f.confirmDeclined = await callTool(guest, 'confirm', {}, { ctx: elicit, retry: retry('confirm:v1:7f3a', [['confirm', { action: 'decline' }]]) });
  f.confirmCancelled = await callTool(guest, 'confirm', {}, { ctx: elicit, retry: retry('confirm:v1:7f3a', [['confirm', { action: 'cancel' }]]) });
  f.confirmNoResponse = await callTool(guest, 'confirm', {}, { ctx: elicit, retry: retry('confirm:v1:7f3a') });
  f.confirmForged = await callTool(guest, 'confirm', {}, {
    ctx: elicit, retry: retry('confirm:v1:0000', [['confirm', { action: 'accept', content: { ok: true } }]]),
  });
  f.laterFirst = await callTool(guest, 'retry-later', {});
  f.laterRetry = await callTool(guest, 'retry-later', {}, { retry: retry('later:v1:1') });
  f.laterForged = await callTool(guest, 'retry-later', {}, { retry: retry('later:v1:2') });
  const sampling = withCapabilities({ sampling: {} });
  f.sampleNoCapability = await callTool(guest, 'sample', {}, { ctx: elicit });
  f.sampleFirst = await callTool(guest, 'sample', {}, { ctx: sampling });
  f.sampleRetry = await callTool(guest, 'sample', {}, {
    ctx: sampling,
    retry: retry('sample:v1', [['answer', { role: 'assistant', content: { type: 'text', text: '42' }, model: 'm' }]]),
  });
  const roots = withCapabilities({ roots: {} });
  f.rootsFirst = await callTool(guest, 'roots', {}, { ctx: roots });
  f.rootsRetry = await callTool(guest, 'roots', {}, {
    ctx: roots, retry: retry('roots:v1', [['roots', { roots: [{ uri: 'file:///a' }, { uri: 'file:///b', name: 'b' }] }]]),
  });
}

async function resources(guest, f) {
  for (const [key, uri] of [
    ['hello', 'fixture://text/hello.txt'],
    ['bytes', 'fixture://binary/bytes.bin'],
    ['unicode', 'fixture://text/unicode.txt'],
    ['config', 'fixture://text/config.json'],
    ['counter', 'fixture://counter'],
    ['failing', 'fixture://text/failing.txt'],
    ['greeting', 'fixture://greeting/Ada%20Lovelace'],
    ['sized', 'fixture://sized/1000/300'],
  ]) {
    f.read ??= {};
    f.read[key] = await readResource(guest, uri);
  }
  const large = await readResource(guest, 'fixture://large/1mib.bin');
  const expected = Buffer.alloc(1 << 20);
  for (let i = 0; i < expected.length; i++) expected[i] = i % 251;
  f.large = { size: large.size, pattern: Buffer.from(large.base64, 'base64').equals(expected), end: large.end, cache: large.cache };
  f.largeStream = await observe(guest, 'stream', 'fixture://large/1mib.bin');
  f.sizedStream = await observe(guest, 'stream', 'fixture://sized/1000/300');
  f.failingStream = await observe(guest, 'stream', 'fixture://text/failing.txt');
  f.unknownStream = await observe(guest, 'stream', 'fixture://nowhere');
  f.unknownResource = await readResource(guest, 'fixture://nowhere');
  f.extraResourceBefore = await readResource(guest, 'fixture://text/extra.txt');
  f.sizedUnparsable = await readResource(guest, 'fixture://sized/x/1');
  f.sizedTooLarge = await readResource(guest, 'fixture://sized/4194305/1');
  f.gatedFirst = await readResource(guest, 'fixture://gated/door');
  f.gatedRetry = await readResource(guest, 'fixture://gated/door', { retry: { responses: [], requestState: 'gated:door' } });
  f.gatedForged = await readResource(guest, 'fixture://gated/door', { retry: { responses: [], requestState: 'gated:window' } });

  // A slow read cancelled through its cancel future after the first tick, then dropped, as a host does.
  const cancel = cancelFuture();
  const r = await attempt(() => guest.streaming.readResource(context(), 'fixture://slow/read-cancel', undefined, cancel.future));
  const read = r.ok.val;
  const first = await read.body.read(65536);
  cancel.cancel('stop reading');
  await sleep(20);
  await read.body.return();
  await sleep(150);
  f.slowReadFirst = Buffer.from(first.value).toString('utf8');
  f.slowReadCancel = await observe(guest, 'cancellation', 'read-cancel');
  f.slowReadStream = await observe(guest, 'stream', 'fixture://slow/read-cancel');
}

async function prompts(guest, f) {
  const get = (name, args = [], options = {}) =>
    failure(() => guest.server.getPrompt(options.ctx ?? context(), name, args, options.retry));
  f.plain = await get('plain');
  f.greet = await get('greet', [['name', 'Ada'], ['style', 'formal']]);
  f.greetDefault = await get('greet', [['name', 'Ada']]);
  f.greetMissing = await get('greet', [['style', 'formal']]);
  f.rich = await get('rich');
  f.guardedNoCapability = await get('guarded');
  const elicit = withCapabilities({ elicitation: {} });
  f.guardedFirst = await get('guarded', [], { ctx: elicit });
  f.guardedRetry = await get('guarded', [], {
    ctx: elicit,
    retry: { responses: [['topic', JSON.stringify({ action: 'accept', content: { topic: 'tides' } })]], requestState: 'guarded:v1' },
  });
  f.guardedDeclined = await get('guarded', [], {
    ctx: elicit, retry: { responses: [['topic', JSON.stringify({ action: 'decline' })]], requestState: 'guarded:v1' },
  });
  f.guardedNoResponse = await get('guarded', [], { ctx: elicit, retry: { responses: [], requestState: 'guarded:v1' } });
  f.guardedForged = await get('guarded', [], { ctx: elicit, retry: { responses: [], requestState: 'guarded:v2' } });
  f.unknownPrompt = await get('nope');
  f.extraPromptBefore = await get('extra');
}

async function completion(guest, f) {
  const complete = (ref, arg, resolved = []) => failure(() => guest.server.complete(context(), ref, arg, resolved));
  const greet = { tag: 'prompt', val: 'greet' };
  f.completeStyle = await complete(greet, ['style', '']);
  f.completeStyleF = await complete(greet, ['style', 'f']);
  f.completeStyleWithName = await complete(greet, ['style', ''], [['name', 'Ada']]);
  f.completeName = await complete(greet, ['name', 'Al']);
  f.completeTemplate = await complete({ tag: 'resource-template', val: 'fixture://greeting/{name}' }, ['name', 'G']);
  f.completeOther = await complete({ tag: 'prompt', val: 'plain' }, ['x', '']);
  f.completeUnknownPrompt = await complete({ tag: 'prompt', val: 'nope' }, ['x', '']);
  f.completeUnknownTemplate = await complete({ tag: 'resource-template', val: 'fixture://nope/{x}' }, ['x', '']);
}

async function changes(guest, f) {
  const a = await guest.server.changes();
  const b = await guest.server.changes();
  const seenA = [];
  const seenB = [];
  const collect = async (stream, into, count) => {
    while (into.length < count) {
      const { value, done } = await stream.read(64);
      for (const v of value ?? []) into.push(plain(v));
      if (done) return;
    }
  };
  const aDone = collect(a, seenA, 5);
  const bDone = collect(b, seenB, 1);
  f.changeTools = textOf(await toolResult(guest, 'change', { what: 'tools' }));
  const withExtra = await allPages((c) => guest.server.listTools(context(), c), (t) => t.name);
  f.toolPagesWithExtra = withExtra.pages;
  f.extraAfter = await toolResult(guest, 'extra', {});
  await bDone;
  await b.return();
  await toolResult(guest, 'change', { what: 'tools' });
  f.extraAfterSecondToggle = await callTool(guest, 'extra', {});
  await toolResult(guest, 'change', { what: 'prompts' });
  f.extraPrompt = await failure(() => guest.server.getPrompt(context(), 'extra', [], undefined));
  await toolResult(guest, 'change', { what: 'resources' });
  f.resourcePagesWithExtra = (await allPages((c) => guest.server.listResources(context(), c), (r) => r.uri)).pages;
  f.extraResource = await readResource(guest, 'fixture://text/extra.txt');
  await toolResult(guest, 'change', { what: 'resource', uri: 'fixture://counter' });
  f.counterAfter = await readResource(guest, 'fixture://counter');
  f.changeUnlisted = await callTool(guest, 'change', { what: 'resource', uri: 'fixture://nowhere' });
  await aDone;
  await sleep(50);
  f.changesA = seenA;
  f.changesB = seenB;
  f.changesObserved = await observe(guest, 'changes', 'streams');
  await a.return();
}

export async function run(guest) {
  const f = {};
  f.describe = await ok(() => guest.server.describe(context()));
  await lists(guest, f);
  await simpleTools(guest, f);
  await slow(guest, f);
  await roundTrips(guest, f);
  await resources(guest, f);
  await prompts(guest, f);
  await completion(guest, f);
  await changes(guest, f);
  // Last: the instance is unusable after a trap.
  f.crash = await callTool(guest, 'crash', {});
  f.afterCrash = await attempt(() => guest.server.describe(context()));
  return f;
}

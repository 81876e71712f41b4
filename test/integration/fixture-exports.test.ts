// The fixture components serve what docs/fixtures.md promises, checked at
// their exports with no wasi:mcp host in between: each fixture is
// transpiled by jco (the options the jco adapter uses) and driven from a
// Node with JSPI by test/integration/fixture-exports/drive.mjs, which prints
// what the exports returned; the assertions are here. The caller fixture's
// import wasi:mcp/client is served by an in-process stub of fake peers
// (fixture-exports/peers-stub.mjs); no host is composed with it.
import { transpile } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transpileCached } from '../../adapters/jco-transpile.js';
import { findJspiNode } from '../../adapters/jspi-node.js';
import { cacheDir } from '../../adapters/paths.js';
import { resolveFixture } from '../../harness/runner/fixtures.js';

// The facts are loosely typed JSON: the driver normalises what the bindings return.
type Facts = Record<string, any>;

const drivers = join(import.meta.dirname, 'fixture-exports');
const transpiledCallers: string[] = [];
afterAll(() => {
  for (const dir of transpiledCallers) rmSync(dir, { recursive: true, force: true });
});

/**
 * caller.wasm transpiled with the options of the jco adapter, its import
 * wasi:mcp/client mapped to fixture-exports/peers-stub.mjs (fake peers that
 * record what the fixture asked of them).
 */
async function transpileCaller(): Promise<string> {
  // Inside the project, where the transpiled module finds jco's WASI shims.
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, 'fixture-exports-caller-'));
  transpiledCallers.push(dir);
  const { files } = await transpile(readFileSync(resolveFixture('caller').componentPath), {
    name: 'component',
    noTypescript: true,
    quiet: true,
    noComponentErrorWrapping: false,
    map: { 'wasi:mcp/client@0.2.0': pathToFileURL(join(drivers, 'peers-stub.mjs')).href },
  });
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return join(dir, 'component.js');
}

async function drive(fixture: 'reference' | 'minimal' | 'mutant' | 'caller', defect?: string): Promise<{ facts: Facts; stdout: string }> {
  const node = await findJspiNode();
  const entry = fixture === 'caller'
    ? await transpileCaller()
    // One mutant component serves every defect, an unknown one too: drive.mjs hands the guest the defect.
    : await transpileCached(resolveFixture(fixture === 'mutant' ? 'mutant:none' : fixture).componentPath);
  const script = join(drivers, 'drive.mjs');
  const args = [script, pathToFileURL(entry).href, fixture, ...(defect === undefined ? [] : [defect])];
  const r = await execa(node.path, args, { timeout: 120_000, reject: false });
  const stdout = String(r.stdout);
  const line = stdout.split('\n').find((l) => l.startsWith('FIXTURE-FACTS '));
  if (r.exitCode !== 0 || !line) throw new Error(`drive.mjs ${fixture} ${defect ?? ''} failed (exit ${r.exitCode}):\n${stdout}\n${String(r.stderr)}`);
  return { facts: JSON.parse(line.slice('FIXTURE-FACTS '.length)) as Facts, stdout };
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';
const HELLO = 'Hello from a wasi:mcp fixture.\n';
const REFERENCE_DESCRIBE = {
  info: {
    name: 'wasi-mcp-reference-fixture',
    version: '0.2.0',
    title: 'Reference fixture',
    description: 'The reference server of wasi-mcp-conformance.',
  },
  capabilities: {
    tools: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    prompts: { listChanged: true },
    logging: true,
    completions: true,
  },
  instructions: 'Reference fixture of wasi-mcp-conformance.',
  cache: { ttlMs: 60000, scope: 'public' },
};
const TOOL_NAMES = [
  'echo', 'add', 'fail', 'slow', 'observations', 'context', 'log', 'gallery',
  'confirm', 'retry-later', 'sample', 'roots', 'change', 'raise', 'crash',
];

const text = (s: string) => ({ tag: 'text', val: { text: s } });
const completed = (result: unknown) => ({ tag: 'ok', val: { tag: 'complete', val: result } });
const textResult = (s: string, extra: Facts = {}) => completed({ content: [text(s)], isError: false, ...extra });
const inputRequired = (requests: unknown[], requestState: string) => ({ tag: 'ok', val: { tag: 'input-required', val: { requests, requestState } } });
const pageNames = (pages: Facts[]) => pages.map((p) => p.names);
const cursors = (pages: Facts[]) => pages.map((p) => p.nextCursor);

describe('the reference fixture at its exports', () => {
  let f: Facts;
  beforeAll(async () => {
    f = (await drive('reference')).facts;
  });

  it('describes itself', () => {
    expect(f.describe).toEqual(REFERENCE_DESCRIBE);
  });

  it('lists in deterministic pages with cache hints and rejects foreign cursors', () => {
    expect(pageNames(f.toolPages)).toEqual([TOOL_NAMES.slice(0, 4), TOOL_NAMES.slice(4, 8), TOOL_NAMES.slice(8, 12), TOOL_NAMES.slice(12)]);
    expect(cursors(f.toolPages)).toEqual(['tools:4', 'tools:8', 'tools:12', null]);
    for (const p of f.toolPages) expect(p.cache).toEqual({ ttlMs: 60000, scope: 'public' });
    expect(f.echoConfig).toMatchObject({
      annotations: { readOnlyHint: true, idempotentHint: true },
      meta: { 'com.example.fixture/tag': 'echo' },
      inputSchema: { required: ['text'] },
    });
    expect(f.addConfig.outputSchema).toMatchObject({ properties: { sum: { type: 'number' } } });
    expect(f.badToolCursor).toEqual({ error: { code: 'invalid-params', message: 'invalid cursor', data: { cursor: 'tools:3' } } });
    expect(f.foreignCursor.error.code).toBe('invalid-params');

    expect(pageNames(f.resourcePages)).toEqual([
      ['fixture://text/hello.txt', 'fixture://binary/bytes.bin'],
      ['fixture://large/1mib.bin', 'fixture://text/unicode.txt'],
      ['fixture://text/config.json', 'fixture://counter'],
      ['fixture://text/failing.txt'],
    ]);
    expect(cursors(f.resourcePages)).toEqual(['resources:2', 'resources:4', 'resources:6', null]);
    for (const p of f.resourcePages) expect(p.cache).toEqual({ ttlMs: 30000, scope: 'public' });
    expect(f.resourceEntries[0]).toEqual({
      uri: 'fixture://text/hello.txt',
      name: 'hello.txt',
      title: 'Hello',
      description: 'A short text.',
      mimeType: 'text/plain',
      size: 31,
      annotations: { audience: ['user', 'assistant'], priority: 0.5, lastModified: '2026-01-01T00:00:00Z' },
      meta: { 'com.example.fixture/kind': 'text' },
    });
    for (const r of f.resourceEntries) expect(Object.keys(r)).toEqual(expect.arrayContaining(['title', 'description']));

    expect(pageNames(f.templatePages)).toEqual([
      ['fixture://greeting/{name}'], ['fixture://sized/{total}/{chunk}'], ['fixture://slow/{label}'], ['fixture://gated/{name}'],
    ]);
    expect(cursors(f.templatePages)).toEqual(['templates:1', 'templates:2', 'templates:3', null]);
    expect(pageNames(f.promptPages)).toEqual([['plain', 'greet'], ['rich', 'guarded']]);
    expect(cursors(f.promptPages)).toEqual(['prompts:2', null]);
    expect(f.greetConfig.arguments).toEqual([
      expect.objectContaining({ name: 'name', title: 'Name', required: true }),
      expect.objectContaining({ name: 'style', required: false }),
    ]);
  });

  it('answers the simple tools', () => {
    expect(f.echo).toEqual({ events: [], outcome: textResult('hello') });
    expect(f.echoMissing.isError).toBe(true);
    expect(f.add).toEqual({ content: [text('{"sum":5.5}')], structuredContent: { sum: 5.5 }, isError: false });
    expect(f.addBad.isError).toBe(true);
    expect(f.fail).toEqual({ content: [text('the tool failed on purpose')], isError: true });
    expect(f.unknownTool).toEqual({ error: { code: 'tool-not-found', message: 'unknown tool: nope', data: { name: 'nope' } } });
    expect(f.arrayArguments.error.code).toBe('invalid-params');
    expect(f.raise).toEqual({ events: [], outcome: { tag: 'err', val: { code: 'forbidden', message: 'not you', data: { who: 'me' } } } });
    expect(f.raiseDefault.outcome).toEqual({ tag: 'err', val: { code: 'timeout', message: 'raised timeout' } });
    expect(f.raiseUnknown.isError).toBe(true);
  });

  it('reports the request context it received', () => {
    const expected = {
      protocolVersion: '2025-11-25',
      clientInfo: { name: 'ctx-client', version: '2.0.0', title: 'Ctx', description: null, websiteUrl: 'https://example.com' },
      clientCapabilities: { roots: { listChanged: true } },
      logLevel: 'warning',
      trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: null, baggage: 'k=v' },
      meta: { 'com.example/x': 1 },
    };
    expect(f.context).toEqual(expected);
    expect(JSON.parse(f.contextText)).toEqual(expected);
  });

  it('writes log events in order, whatever the level', () => {
    expect(f.log.events).toEqual([
      { tag: 'log', val: { level: 'debug', data: { a: 1 } } },
      { tag: 'log', val: { level: 'error', logger: 'db', data: 'boom' } },
    ]);
    expect(f.log.outcome).toEqual(textResult('logged 2'));
    expect(f.logBadLevel.isError).toBe(true);
  });

  it('shows a gallery of every content kind', () => {
    expect(f.gallery.content).toEqual([
      { tag: 'text', val: { text: 'A gallery of content.', annotations: { audience: ['user'], priority: 0.9 } } },
      { tag: 'image', val: { data: { base64: PNG }, mimeType: 'image/png' } },
      { tag: 'audio', val: { data: { base64: WAV }, mimeType: 'audio/wav' } },
      { tag: 'resource-link', val: f.resourceEntries[0] },
      { tag: 'resource', val: { contents: { uri: 'fixture://text/hello.txt', mimeType: 'text/plain', kind: 'text', data: { base64: Buffer.from(HELLO).toString('base64') } } } },
      {
        tag: 'resource',
        val: {
          contents: { uri: 'fixture://binary/bytes.bin', mimeType: 'application/octet-stream', kind: 'blob', data: { base64: Buffer.from([...Array(16).keys()]).toString('base64') } },
          annotations: { audience: ['assistant'] },
        },
      },
    ]);
    expect(Buffer.from(PNG, 'base64')).toHaveLength(70);
    expect(Buffer.from(WAV, 'base64')).toHaveLength(44);
    expect(f.gallery.meta).toEqual({ 'com.example.fixture/kind': 'gallery' });
  });

  it('reports progress (and logs) per step, and stops on either cancellation path', () => {
    expect(f.slow.events).toEqual([1, 2, 3].flatMap((n) => [
      { tag: 'progress', val: { progress: n, total: 3, message: `step ${n} of 3` } },
      { tag: 'log', val: { level: 'info', logger: 'slow', data: { step: n } } },
    ]));
    expect(f.slow.outcome).toEqual(textResult('completed 3 steps'));
    expect(f.slowObservation).toMatchObject({ found: true, observed: false, via: null, steps_completed: 3, completed: true, reason: null });

    expect(f.slowCancelled.events).toHaveLength(3);
    expect(f.cancelByFuture).toMatchObject({ found: true, observed: true, via: 'cancel-future', steps_completed: 3, completed: false, reason: 'client gave up' });
    expect(f.cancelByFuture.elapsed_ms).toBeGreaterThan(0);
    expect(f.cancelByFuture.elapsed_ms).toBeLessThan(1000);
    expect(f.cancelByDrop).toMatchObject({ found: true, observed: true, via: 'stream-dropped', completed: false, reason: null });
    expect(f.cancelByDrop.steps_completed).toBeLessThan(10);
    expect(f.futureIgnoresDrop).toMatchObject({ observed: false, completed: true, steps_completed: 6 });
    expect(f.futureHeeded).toMatchObject({ observed: true, via: 'cancel-future', completed: false, reason: 'now' });
    expect(f.futureHeeded.steps_completed).toBeGreaterThan(2);
    expect(f.streamIgnoresFuture).toMatchObject({ observed: false, completed: true, steps_completed: 6, reason: null });
    expect(f.streamHeeded).toMatchObject({ observed: true, via: 'stream-dropped', completed: false, reason: null });
    expect(f.slowBadWatch.isError).toBe(true);
    expect(f.unknownObservation).toEqual({ found: false });
    expect(f.slowBadArgs.isError).toBe(true);
  });

  it('runs the multi round-trip tools', () => {
    const confirm = ['confirm', {
      method: 'elicitation/create',
      params: {
        mode: 'form',
        message: 'Proceed with the action?',
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      },
    }];
    expect(f.confirmNoCapability).toEqual({
      error: { code: 'missing-client-capability', message: expect.any(String), data: { requiredCapabilities: { elicitation: {} } } },
    });
    expect(f.confirmFirst.outcome).toEqual(inputRequired([confirm], 'confirm:v1:7f3a'));
    expect(f.confirmAccepted.outcome).toEqual(textResult('confirmed'));
    expect(f.confirmNotOk.outcome).toEqual(textResult('not confirmed'));
    expect(f.confirmDeclined.outcome).toEqual(textResult('declined'));
    expect(f.confirmCancelled.outcome).toEqual(textResult('cancelled'));
    expect(f.confirmNoResponse.outcome).toEqual(inputRequired([confirm], 'confirm:v1:7f3a'));
    expect(f.confirmForged).toEqual({ error: { code: 'invalid-params', message: 'requestState does not verify' } });

    expect(f.laterFirst.outcome).toEqual(inputRequired([], 'later:v1:1'));
    expect(f.laterRetry.outcome).toEqual(textResult('done after a retry'));
    expect(f.laterForged.error.code).toBe('invalid-params');

    expect(f.sampleNoCapability.error).toMatchObject({ code: 'missing-client-capability', data: { requiredCapabilities: { sampling: {} } } });
    expect(f.sampleFirst.outcome).toEqual(inputRequired([['answer', {
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: 'Say a number.' } }], maxTokens: 10 },
    }]], 'sample:v1'));
    expect(f.sampleRetry.outcome).toEqual(textResult('the model said: 42'));

    expect(f.rootsFirst.outcome).toEqual(inputRequired([['roots', { method: 'roots/list', params: {} }]], 'roots:v1'));
    expect(f.rootsRetry.outcome).toEqual(textResult('2 roots', { structuredContent: { roots: ['file:///a', 'file:///b'] } }));
  });

  it('reads resources and templates with their kinds, cache hints and write records', () => {
    expect(f.read.hello).toMatchObject({ mimeType: 'text/plain', kind: 'text', text: HELLO, size: 31, cache: { ttlMs: 5000, scope: 'public' }, end: { tag: 'ok' } });
    expect(f.read.bytes).toMatchObject({ kind: 'blob', base64: Buffer.from([...Array(256).keys()]).toString('base64'), cache: { ttlMs: 5000, scope: 'public' } });
    expect(f.read.unicode).toMatchObject({ mimeType: 'text/plain; charset=utf-8', kind: 'text', text: 'Grüße, 世界! 🌍\n', size: 22, cache: null });
    expect(f.read.config).toMatchObject({ mimeType: 'application/json', kind: 'text', text: '{"ok":true}\n', size: 12, cache: null });
    expect(f.read.counter).toMatchObject({ text: 'count: 0', cache: { ttlMs: 0, scope: 'private' } });
    expect(f.read.failing).toMatchObject({ text: 'partial', end: { tag: 'err', val: { code: 'internal-error', message: 'the read failed after 7 bytes' } } });
    expect(f.read.greeting).toMatchObject({ text: 'Hello, Ada Lovelace!', kind: 'text' });
    expect(f.read.sized).toMatchObject({ kind: 'blob', size: 1000, mimeType: 'application/octet-stream' });
    expect(f.large).toEqual({ size: 1 << 20, pattern: true, end: { tag: 'ok' }, cache: null });
    expect(f.largeStream).toEqual({
      found: true, writes: Array(16).fill(65536), requested: Array(16).fill(65536), total: 1 << 20, ended: true, dropped: false,
    });
    expect(f.sizedStream).toEqual({ found: true, writes: [300, 300, 300, 100], requested: [300, 300, 300, 100], total: 1000, ended: true, dropped: false });
    expect(f.unknownStream).toEqual({ found: false });
    expect(f.unknownResource).toEqual({ error: { code: 'resource-not-found', message: expect.any(String), data: { uri: 'fixture://nowhere' } } });
    expect(f.extraResourceBefore.error.code).toBe('resource-not-found');
    expect(f.sizedUnparsable.error.code).toBe('invalid-params');
    expect(f.sizedTooLarge.error.code).toBe('invalid-params');
    expect(f.gatedFirst).toEqual({ inputRequired: { requests: [], requestState: 'gated:door' } });
    expect(f.gatedRetry.text).toBe('opened door');
    expect(f.gatedForged.error.code).toBe('invalid-params');
    expect(f.slowReadFirst).toBe('tick\n');
    expect(f.slowReadCancel).toMatchObject({ found: true, observed: true, via: 'cancel-future', completed: false, reason: 'stop reading' });
    expect(f.slowReadStream).toMatchObject({ found: true, ended: false });
  });

  it('serves the prompts', () => {
    expect(f.plain.ok).toEqual({ tag: 'complete', val: { messages: [{ role: 'user', content: text('Say hello.') }] } });
    expect(f.greet.ok.val).toEqual({ description: 'A greeting for Ada.', messages: [{ role: 'user', content: text('Greet Ada in a formal style.') }] });
    expect(f.greetDefault.ok.val.messages[0].content).toEqual(text('Greet Ada in a plain style.'));
    expect(f.greetMissing).toEqual({ error: { code: 'invalid-params', message: expect.any(String), data: { missing: ['name'] } } });
    expect(f.rich.ok.val.messages.map((m: Facts) => [m.role, m.content.tag])).toEqual([['user', 'text'], ['assistant', 'text'], ['user', 'image'], ['user', 'resource']]);
    expect(f.rich.ok.val.messages[2].content.val.data.base64).toBe(PNG);
    expect(f.guardedNoCapability.error.code).toBe('missing-client-capability');
    expect(f.guardedFirst.ok).toMatchObject({ tag: 'input-required', val: { requests: [['topic', { method: 'elicitation/create', params: { message: 'Which topic?' } }]], requestState: 'guarded:v1' } });
    expect(f.guardedRetry.ok.val.messages).toEqual([{ role: 'user', content: text('Write about tides.') }]);
    expect(f.guardedDeclined.error.code).toBe('invalid-params');
    expect(f.guardedNoResponse.ok).toEqual(f.guardedFirst.ok);
    expect(f.guardedForged.error.code).toBe('invalid-params');
    expect(f.unknownPrompt).toEqual({ error: { code: 'prompt-not-found', message: expect.any(String), data: { name: 'nope' } } });
    expect(f.extraPromptBefore.error.code).toBe('prompt-not-found');
  });

  it('completes prompt and template arguments', () => {
    const values = (v: string[]) => ({ ok: { values: v, total: v.length, hasMore: false } });
    expect(f.completeStyle).toEqual(values(['formal', 'friendly', 'funny', 'plain']));
    expect(f.completeStyleF).toEqual(values(['formal', 'friendly', 'funny']));
    expect(f.completeStyleWithName).toEqual(values(['formal', 'friendly', 'funny', 'plain', 'personal']));
    expect(f.completeName).toEqual(values(['Alan', 'Alice']));
    expect(f.completeTemplate).toEqual(values(['Grace']));
    expect(f.completeOther).toEqual(values([]));
    expect(f.completeUnknownPrompt.error.code).toBe('invalid-params');
    expect(f.completeUnknownTemplate.error.code).toBe('invalid-params');
  });

  it('applies changes and writes them to every open changes stream', () => {
    expect(f.changeTools).toBe('changed tools');
    expect(pageNames(f.toolPagesWithExtra).at(-1)).toEqual(['change', 'raise', 'crash', 'extra']);
    expect(f.extraAfter.content).toEqual([text('extra')]);
    expect(f.extraAfterSecondToggle.error.code).toBe('tool-not-found');
    expect(f.extraPrompt.ok.val.messages).toEqual([{ role: 'user', content: text('extra') }]);
    expect(pageNames(f.resourcePagesWithExtra).at(-1)).toEqual(['fixture://text/failing.txt', 'fixture://text/extra.txt']);
    expect(f.extraResource.text).toBe('extra');
    expect(f.counterAfter.text).toBe('count: 1');
    expect(f.changeUnlisted.error.code).toBe('invalid-params');
    expect(f.changesA).toEqual([
      { tag: 'tools-list-changed' }, { tag: 'tools-list-changed' }, { tag: 'prompts-list-changed' },
      { tag: 'resources-list-changed' }, { tag: 'resource-updated', val: 'fixture://counter' },
    ]);
    expect(f.changesB).toEqual([{ tag: 'tools-list-changed' }]);
    expect(f.changesObserved).toEqual({ found: true, opened: 2, open: 1, events: ['tools', 'tools', 'prompts', 'resources', 'resource:fixture://counter'] });
  });

  it('traps on crash, after which the instance is unusable', () => {
    expect(f.crash.trap).toMatch(/trap|unreachable/);
    expect(f.afterCrash.trap).toMatch(/cannot enter component instance/);
  });
});

describe('the minimal fixture at its exports', () => {
  it('offers tools only, in one page, and nothing else', async () => {
    const { facts: f } = await drive('minimal');
    expect(f.describe).toEqual({ info: { name: 'wasi-mcp-minimal-fixture', version: '0.2.0' }, capabilities: { tools: { listChanged: false }, logging: false, completions: false } });
    expect(f.toolPages).toEqual([{ names: ['echo', 'log', 'change'], nextCursor: null, cache: null }]);
    expect(f.toolCursor.error.code).toBe('invalid-params');
    for (const key of ['listResources', 'listTemplates', 'listPrompts', 'getPrompt', 'complete', 'readResource']) {
      expect(f[key].error.code, key).toBe('method-not-found');
    }
    expect(f.echo.content).toEqual([text('hi')]);
    expect(f.log.events).toEqual([{ tag: 'log', val: { level: 'info', data: 'x' } }]);
    expect(f.add.error).toMatchObject({ code: 'tool-not-found', data: { name: 'add' } });
    expect(f.observations.error.code).toBe('tool-not-found');
    expect(f.changeEvents).toEqual([{ tag: 'tools-list-changed' }]);
    expect(f.toolPagesAfterChange[0].names).toEqual(['echo', 'log', 'change']);
  });
});

describe('the mutant fixture at its exports', () => {
  const cases: [string, (f: Facts, stdout: string) => void][] = [
    ['none', (f) => {
      expect(f.describe.ok).toEqual(REFERENCE_DESCRIBE);
      expect(f.echo).toBe('Hello');
      expect(f.slow.observed).toMatchObject({ observed: true, via: 'cancel-future' });
    }],
    ['bogus', (f) => expect(f.describe.error).toMatchObject({ code: 'internal-error' })],
    ['ignore-cancel', (f) => {
      expect(f.slow.outcome).toBe('completed 8 steps');
      expect(f.slow.observed).toMatchObject({ observed: false, completed: true, steps_completed: 8 });
      expect(f.read).toMatchObject({ observed: false, via: null });
      expect(f.read.steps_completed).toBeGreaterThan(2);
    }],
    ['truncated-stream', (f) => expect(f).toEqual({ size: 15 * 65536, end: { tag: 'ok' } })],
    ['progress-regress', (f) => expect(f.progress).toEqual([1, 2, 1, 3, 4])],
    ['wrong-results', (f) => {
      expect(f.echo).toBe('HELLO');
      expect(f.add).toEqual({ sum: 6 });
      expect(f.addBad.error.code).toBe('invalid-params');
      expect(f.fail).toBe(false);
      expect(f.greeting).toBe('Hello, ada!');
      expect(f.plain.ok.val.messages[0].content).toEqual(text('Say goodbye.'));
    }],
    ['bad-describe', (f) => {
      expect(f.describe.ok.info.name).not.toBe('wasi-mcp-reference-fixture');
      expect(f.describe.ok.capabilities.tools).toBeUndefined();
      expect(f.describe.ok.capabilities.logging).toBe(true);
      expect(f.describe.ok.instructions).toBeUndefined();
    }],
    ['trap-on-cancel', (f) => {
      expect(f.slow.outcome).toMatch(/^cancelled/);
      expect(f.echo.trap).toBeDefined();
    }],
    ['trap', (f) => {
      expect(f.add).toEqual({ sum: 2 });
      expect(f.echo.trap).toBeDefined();
    }],
    ['stdout-garbage', (f, stdout) => {
      expect(f.describe.ok.info.name).toBe('wasi-mcp-reference-fixture');
      expect(stdout.split('\n').filter((l) => l !== '' && !l.startsWith('FIXTURE-FACTS '))).toHaveLength(1);
    }],
    ['wrong-errors', (f) => {
      for (const key of ['tool', 'resource', 'prompt']) expect(f[key].error.code, key).toBe('internal-error');
      expect(f.cursor.error.code).toBe('invalid-params');
    }],
    ['short-lists', (f) => {
      expect(f.tools).toEqual([expect.objectContaining({ names: TOOL_NAMES.slice(0, -1), nextCursor: null })]);
      expect(f.resources[0].names).toHaveLength(6);
      expect(f.templates[0].names).toHaveLength(3);
      expect(f.prompts[0]).toMatchObject({ names: ['plain', 'greet', 'rich'], nextCursor: null });
    }],
    ['ignore-prompt-args', (f) => {
      expect(f.greet.ok.val.messages[0].content).toEqual(text('Greet someone in a plain style.'));
      expect(f.missing.ok).toBeDefined();
    }],
    ['text-as-blob', (f) => {
      expect(f.hello).toEqual({ kind: 'blob', text: HELLO });
      expect(f.bytes).toEqual({ kind: 'blob', first: 255 });
    }],
    ['hang-on-read', (f) => expect(f).toEqual({ timedOut: true, size: 0 })],
    ['accept-any-state', (f) => {
      expect(f.later.outcome).toEqual(textResult('done after a retry'));
      expect(f.gated).toBe('opened door');
    }],
    ['silent-changes', (f) => {
      expect(f.events).toBe('nothing');
      expect(f.extraListed).toBe(true);
      expect(f.observed).toMatchObject({ opened: 1, events: [] });
    }],
  ];

  it('covers every defect of docs/fixtures.md', async () => {
    // The mutant's table only: the aspects fixture's defects have a table of their own.
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'fixtures.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Defects'));
    const table = section.slice(0, section.indexOf('\n## ') > 0 ? section.indexOf('\n## ') : undefined);
    const documented = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(10);
    expect(cases.map(([d]) => d).filter((d) => d !== 'bogus').sort()).toEqual([...documented].sort());
  });

  for (const [defect, check] of cases) {
    it(defect, async () => {
      const { facts, stdout } = await drive('mutant', defect);
      check(facts, stdout);
    });
  }
});

describe('the caller fixture at its exports, with a stub of wasi:mcp/client', () => {
  let f: Facts;
  beforeAll(async () => {
    f = (await drive('caller')).facts;
  });
  const result = (r: Facts) => {
    expect(r.outcome, JSON.stringify(r)).toMatchObject({ tag: 'ok', val: { tag: 'complete' } });
    return r.outcome.val.val;
  };
  const error = (r: Facts) => {
    expect(r.events).toEqual([]);
    expect(r.outcome.tag, JSON.stringify(r)).toBe('err');
    return r.outcome.val;
  };

  it('describes itself and offers its four tools in one page', () => {
    expect(f.describe).toEqual({ info: { name: 'wasi-mcp-caller-fixture', version: '0.2.0' }, capabilities: { tools: { listChanged: false }, logging: false, completions: false } });
    expect(f.toolPage).toEqual({ names: ['echo', 'peer-info', 'peer-tools', 'peer-call'], nextCursor: null, cache: null });
    expect(f.toolConfigs[0]).toMatchObject({ name: 'echo', title: 'Echo', description: 'Returns its text.', meta: { 'com.example.fixture/tag': 'echo' } });
    for (const t of f.toolConfigs) {
      expect(t.title, t.name).toEqual(expect.any(String));
      expect(t.description, t.name).toEqual(expect.any(String));
      expect(t.inputSchema.type, t.name).toBe('object');
    }
    expect(f.toolConfigs[3].inputSchema.required).toEqual(['peer', 'tool']);
    expect(f.toolCursor.error.code).toBe('invalid-params');
    for (const key of ['listResources', 'listTemplates', 'listPrompts', 'getPrompt', 'complete', 'readResource']) {
      expect(f[key].error.code, key).toBe('method-not-found');
    }
  });

  it('echoes, and knows no tool of the reference fixture', () => {
    expect(f.echo).toEqual({ events: [], outcome: textResult('hi') });
    expect(f.unknownTool).toEqual({ error: { code: 'tool-not-found', message: 'unknown tool: add', data: { name: 'add' } } });
  });

  it('peer-info reports the session: its protocol version and the peer\'s name and version', () => {
    const modern = { protocolVersion: '2026-07-28', serverInfo: { name: 'peer-modern', version: '1.2.3' } };
    expect(result(f.infoModern)).toEqual({ content: [text(JSON.stringify(modern))], structuredContent: modern, isError: false });
    expect(f.infoModernText).toEqual(modern);
    expect(result(f.infoLegacy).structuredContent).toEqual({ protocolVersion: '2025-11-25', serverInfo: { name: 'peer-legacy', version: '0.9.0' } });
  });

  it('peer-tools lists the peer\'s tool names in its order', () => {
    expect(result(f.toolsModern).structuredContent).toEqual({ tools: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'] });
    expect(f.toolsModernText).toEqual({ tools: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'] });
  });

  it('peer-call returns the peer\'s result as it is, with the arguments it was given', () => {
    expect(f.callRich.events).toEqual([]);
    expect(result(f.callRich)).toEqual(f.richAsSent);
    expect(result(f.callFailing)).toEqual({ content: [text('the peer tool failed')], isError: true });
    const args = { n: 1, s: 'x', nested: { list: [1, 2] } };
    expect(result(f.callEcho).structuredContent).toEqual(args);
    expect(result(f.callEchoDefault).structuredContent).toEqual({});
    expect(f.record.calls.filter((c: Facts) => c.tool === 'echo')).toEqual([
      { tool: 'echo', peer: 'legacy', arguments: args, cancel: 'pending' },
      { tool: 'echo', peer: 'modern', arguments: {}, cancel: 'pending' },
    ]);
  });

  it('fails with the peer\'s error, or the error of a failed open, unchanged', () => {
    const unknownPeer = { code: 'invalid-params', message: 'unknown peer: nobody', data: { peer: 'nobody' } };
    const unavailable = { code: 'unavailable', message: 'peer down: connection refused' };
    const refused = { code: 'forbidden', message: 'the peer says no', data: { who: 'peer' } };
    expect(error(f.callRefused)).toEqual(refused);
    expect(error(f.callRejected)).toEqual(refused);
    expect(error(f.callUnknownTool)).toEqual({ code: 'tool-not-found', message: 'unknown tool: nope' });
    expect(error(f.toolsLegacy)).toEqual({ code: 'internal-error', message: 'the peer failed to list', data: { code: -32000, data: null } });
    for (const key of ['infoUnknown', 'toolsUnknown', 'callUnknownPeer']) expect(error(f[key]), key).toEqual(unknownPeer);
    for (const key of ['infoDown', 'callDown']) expect(error(f[key]), key).toEqual(unavailable);
  });

  it('answers arguments it cannot use with isError', () => {
    for (const key of ['noPeer', 'toolsNoPeer', 'callNoTool', 'callArrayArguments']) {
      expect(result(f[key]).isError, key).toBe(true);
    }
  });

  it('writes the reason of its own cancellation to the peer call\'s cancel future, and only then', () => {
    expect(f.hangBeforeCancel).toEqual([{ tool: 'hang', cancel: 'pending' }]);
    expect(f.hangAfterCancel).toEqual([{ tool: 'hang', cancel: { reason: 'client gave up' } }]);
    expect(error(f.cancelled)).toEqual({ code: 'internal-error', message: 'cancelled' });
    expect(f.cancelMs).toBeLessThan(1000);
    expect(result(f.notCancelled)).toEqual(f.richAsSent);
    expect(f.notCancelledCall.cancel).toBe('pending');
    expect(f.record.calls.filter((c: Facts) => c.cancel !== 'pending').map((c: Facts) => c.tool)).toEqual(['hang']);
  });

  it('opens a session for every call and drops each one it opened', () => {
    expect(f.record.opened).toEqual([
      'modern', 'legacy', 'nobody', 'down', 'modern', 'legacy', 'nobody',
      'modern', 'modern', 'legacy', 'modern', 'modern', 'modern', 'modern', 'nobody', 'down',
      'modern', 'modern',
    ]);
    expect(f.record.disposed).toBe(f.record.opened.filter((p: string) => p !== 'nobody' && p !== 'down').length);
  });
});

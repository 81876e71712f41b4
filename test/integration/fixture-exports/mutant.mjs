// What the mutant fixture does with each defect (docs/fixtures.md,
// "Defects"): for every defect, the calls that show it.
import {
  allPages, attempt, callTool, cancelFuture, context, failure, observe, plain, readResource, sleep, textOf, toolResult,
} from './calls.mjs';

const ctx = context();
const describe = (guest) => failure(() => guest.server.describe(ctx));
const echo = async (guest) => {
  const r = await callTool(guest, 'echo', { text: 'Hello' });
  return r.outcome ? textOf(r.outcome.val.val) : r;
};
const prompt = (guest, name, args) => failure(() => guest.server.getPrompt(ctx, name, args, undefined));

async function cancelSlow(guest, label, { look = true } = {}) {
  const cancel = cancelFuture();
  const r = await callTool(guest, 'slow', { steps: 8, step_ms: 10, label }, {
    cancel: cancel.future,
    onEvent: (n) => (n === 2 ? cancel.cancel('stop') : undefined),
  });
  await sleep(50);
  const observed = look ? await observe(guest, 'cancellation', label) : null;
  return { events: r.events.length, outcome: textOf(r.outcome.val.val), observed };
}

const SCENARIOS = {
  async none(guest) {
    return { describe: await describe(guest), echo: await echo(guest), slow: await cancelSlow(guest, 'none') };
  },
  async bogus(guest) {
    return { describe: await describe(guest) };
  },
  async 'ignore-cancel'(guest) {
    const slow = await cancelSlow(guest, 'ignored');
    const cancel = cancelFuture();
    const r = await attempt(() => guest.streaming.readResource(ctx, 'fixture://slow/read-ignored', undefined, cancel.future));
    await r.ok.val.body.read(65536);
    cancel.cancel('stop');
    await r.ok.val.body.return();
    await sleep(450);
    return { slow, read: await observe(guest, 'cancellation', 'read-ignored') };
  },
  async 'truncated-stream'(guest) {
    const large = await readResource(guest, 'fixture://large/1mib.bin');
    return { size: large.size, end: large.end };
  },
  async 'progress-regress'(guest) {
    const r = await callTool(guest, 'slow', { steps: 4, step_ms: 1 });
    return { progress: r.events.map((e) => e.val.progress) };
  },
  async 'wrong-results'(guest) {
    return {
      echo: await echo(guest),
      add: (await toolResult(guest, 'add', { a: 2, b: 3 })).structuredContent,
      addBad: await callTool(guest, 'add', { a: 'x', b: 3 }),
      fail: (await toolResult(guest, 'fail', {})).isError,
      greeting: (await readResource(guest, 'fixture://greeting/Ada')).text,
      plain: await prompt(guest, 'plain', []),
    };
  },
  async 'bad-describe'(guest) {
    return { describe: await describe(guest) };
  },
  async 'trap-on-cancel'(guest) {
    // Once poisoned, every tool call traps, `observations` too.
    const slow = await cancelSlow(guest, 'poison', { look: false });
    return { slow, echo: await callTool(guest, 'echo', { text: 'x' }) };
  },
  async trap(guest) {
    return { add: (await toolResult(guest, 'add', { a: 1, b: 1 })).structuredContent, echo: await callTool(guest, 'echo', { text: 'x' }) };
  },
  async 'stdout-garbage'(guest) {
    return { describe: await describe(guest) };
  },
  async 'wrong-errors'(guest) {
    return {
      tool: await callTool(guest, 'nope', {}),
      resource: await readResource(guest, 'fixture://nowhere'),
      prompt: await prompt(guest, 'nope', []),
      cursor: await failure(() => guest.server.listTools(ctx, 'bogus')),
    };
  },
  async 'short-lists'(guest) {
    const pages = async (list, nameOf) => (await allPages(list, nameOf)).pages;
    return {
      tools: await pages((c) => guest.server.listTools(ctx, c), (t) => t.name),
      resources: await pages((c) => guest.server.listResources(ctx, c), (r) => r.uri),
      templates: await pages((c) => guest.server.listResourceTemplates(ctx, c), (t) => t.uriTemplate),
      prompts: await pages((c) => guest.server.listPrompts(ctx, c), (p) => p.name),
    };
  },
  async 'ignore-prompt-args'(guest) {
    return { greet: await prompt(guest, 'greet', [['name', 'Ada'], ['style', 'formal']]), missing: await prompt(guest, 'greet', []) };
  },
  async 'text-as-blob'(guest) {
    const hello = await readResource(guest, 'fixture://text/hello.txt');
    const bytes = await readResource(guest, 'fixture://binary/bytes.bin');
    return { hello: { kind: hello.kind, text: hello.text }, bytes: { kind: bytes.kind, first: Buffer.from(bytes.base64, 'base64')[0] } };
  },
  async 'hang-on-read'(guest) {
    const hello = await readResource(guest, 'fixture://text/hello.txt', { limitMs: 500 });
    return { timedOut: hello.timedOut, size: hello.size };
  },
  async 'accept-any-state'(guest) {
    return {
      later: await callTool(guest, 'retry-later', {}, { retry: { responses: [], requestState: 'forged' } }),
      gated: (await readResource(guest, 'fixture://gated/door', { retry: { responses: [], requestState: 'forged' } })).text,
    };
  },
  async 'silent-changes'(guest) {
    const changes = await guest.server.changes();
    await toolResult(guest, 'change', { what: 'tools' });
    const read = changes.read(64).then((r) => plain(r.value));
    const events = await Promise.race([read, sleep(300).then(() => 'nothing')]);
    const tools = (await allPages((c) => guest.server.listTools(ctx, c), (t) => t.name)).pages.flatMap((p) => p.names);
    return { events, extraListed: tools.includes('extra'), observed: await observe(guest, 'changes', 'streams') };
  },
};

export const DEFECTS = Object.keys(SCENARIOS);

export async function run(guest, defect) {
  const scenario = SCENARIOS[defect];
  if (!scenario) throw new Error(`no scenario for the defect ${defect}`);
  return scenario(guest);
}


// What the minimal fixture does through its exports (docs/fixtures.md):
// tools only, no notifications declared, everything else method-not-found.
import { allPages, callTool, context, failure, never, ok, plain, toolResult } from './calls.mjs';

export async function run(guest) {
  const f = {};
  const ctx = context();
  f.describe = await ok(() => guest.server.describe(ctx));
  f.toolPages = (await allPages((c) => guest.server.listTools(ctx, c), (t) => t.name)).pages;
  f.toolCursor = await failure(() => guest.server.listTools(ctx, 'tools:4'));
  f.listResources = await failure(() => guest.server.listResources(ctx, undefined));
  f.listTemplates = await failure(() => guest.server.listResourceTemplates(ctx, undefined));
  f.listPrompts = await failure(() => guest.server.listPrompts(ctx, undefined));
  f.getPrompt = await failure(() => guest.server.getPrompt(ctx, 'plain', [], undefined));
  f.complete = await failure(() => guest.server.complete(ctx, { tag: 'prompt', val: 'greet' }, ['name', ''], []));
  f.readResource = await failure(() => guest.streaming.readResource(ctx, 'fixture://text/hello.txt', undefined, never()));
  f.echo = await toolResult(guest, 'echo', { text: 'hi' });
  f.log = await callTool(guest, 'log', { messages: [{ level: 'info', data: 'x' }] });
  f.add = await callTool(guest, 'add', { a: 1, b: 2 });
  f.observations = await callTool(guest, 'observations', { kind: 'changes', key: 'streams' });
  const changes = await guest.server.changes();
  f.change = await toolResult(guest, 'change', { what: 'tools' });
  const { value } = await changes.read(64);
  f.changeEvents = plain(value);
  f.toolPagesAfterChange = (await allPages((c) => guest.server.listTools(ctx, c), (t) => t.name)).pages;
  await changes.return();
  return f;
}

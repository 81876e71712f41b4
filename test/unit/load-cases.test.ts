import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STEP_KINDS, TOP_KEYS } from '../../harness/model/case-schema.js';
import { formatProblem, loadCases } from '../../harness/model/load-cases.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cases-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(file: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, file)), { recursive: true });
  await writeFile(join(root, file), text);
}

const valid = (id: string) => `# yaml-language-server: $schema=../schema.json
id: ${id}
title: tools/call returns the tool's content
area: tools
severity: MUST
eras: [legacy, modern]
references:
  spec:
    - section: 2025-11-25/server/tools#calling-tools
      quote: "To invoke a tool, clients send a tools/call request"
  wit: ["wasi:mcp/streaming#call-tool"]
requires: [component-model, p3-async]
fixture: reference
steps:
  - send: {id: 1, method: tools/call, params: {name: echo, arguments: {text: hi}}}
  - expect_response:
      id: 1
      result: {content: [{type: text, text: hi}]}
`;

/** The header of a case whose steps follow (steps: is on line 8). */
const header = (id: string) => `id: ${id}
title: t
area: tools
severity: SHOULD
fixture: reference
eras: [modern]
references: {wit: ["wasi:mcp/server#describe"]}
steps:
`;

async function problemsOf(text: string) {
  await write('tools/case.yaml', text);
  const { cases, problems } = await loadCases({ root });
  expect(cases).toEqual([]);
  return problems.map(formatProblem);
}

describe('loadCases', () => {
  it('loads valid cases sorted by id, with file and line of the id', async () => {
    await write('tools/b.yaml', valid('tools-b'));
    await write('lifecycle/a.yaml', header('a-first') + '  - sleep: {ms: 1}\n');
    await write('notes.md', 'not a case');
    const { cases, problems } = await loadCases({ root });
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.id, c.file, c.line])).toEqual([
      ['a-first', 'lifecycle/a.yaml', 1],
      ['tools-b', 'tools/b.yaml', 2],
    ]);
    const b = cases[1]!;
    expect(b.severity).toBe('MUST');
    expect(b.eras).toEqual(['legacy', 'modern']);
    expect(b.references.spec?.[0]?.quote).toMatch(/tools\/call/);
    expect(b.requires).toEqual(['component-model', 'p3-async']);
    expect(b.steps[1]).toEqual({ expect_response: { id: 1, result: { content: [{ type: 'text', text: 'hi' }] } } });
  });

  it('reports a YAML syntax error at its line and column', async () => {
    const problems = await problemsOf(header('x') + '  - send: {id: 1, method: ping\n  - sleep: {ms: 1}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tools\/case\.yaml:10:3: YAML: /);
  });

  it('reports an unknown step key at that step with the known keys', async () => {
    const problems = await problemsOf(header('x') + '  - send: {id: 1, method: ping}\n  - expect_respons: {id: 1}\n');
    expect(problems).toEqual([
      `tools/case.yaml:10:5: steps/1: unknown step "expect_respons" (did you mean "expect_response"?); expected one of ${STEP_KINDS.join(', ')}`,
    ]);
  });

  it('reports a step with two keys', async () => {
    const problems = await problemsOf(header('x') + '  - send: {id: 1, method: ping}\n    sleep: {ms: 1}\n');
    expect(problems).toEqual([
      expect.stringMatching(/^tools\/case\.yaml:9:5: steps\/0: a step is a map with exactly one key \(one of send, .*\); found 2: send, sleep$/),
    ]);
  });

  it('reports a missing required field at the map that lacks it', async () => {
    const problems = await problemsOf('# comment\nid: x\narea: tools\nseverity: MUST\nfixture: reference\nsteps:\n  - cancel: {id: 1}\n');
    expect(problems).toEqual([
      'tools/case.yaml:2:1: missing required key "title"',
      'tools/case.yaml:2:1: missing required key "eras"',
      'tools/case.yaml:2:1: missing required key "references"',
      'tools/case.yaml:7:13: steps/0/cancel: missing required key "after_ms"',
    ]);
  });

  it('reports an unknown key at the key, and wrong values at the value', async () => {
    const problems = await problemsOf(header('x').replace('severity: SHOULD', 'severity: must\ntitel: y') + '  - sleep: {ms: -5}\n');
    expect(problems).toEqual([
      'tools/case.yaml:4:11: severity: expected one of MUST, SHOULD, MAY; got "must" (did you mean "MUST"?)',
      `tools/case.yaml:5:1: unknown key "titel" (did you mean "title"?); expected one of ${TOP_KEYS.join(', ')}`,
      'tools/case.yaml:10:17: steps/0/sleep/ms: expected a number >= 0, got -5',
    ]);
  });

  it('reports a duplicate key', async () => {
    const problems = await problemsOf(header('x').replace('area: tools', 'area: tools\narea: prompts') + '  - sleep: {ms: 1}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tools\/case\.yaml:4:1: YAML: Map keys must be unique/);
  });

  it('reports malformed patterns at the operator', async () => {
    const problems = await problemsOf(header('x') + '  - expect_response:\n      id: 1\n      result: {text: {$regx: a}}\n');
    expect(problems).toEqual([expect.stringMatching(/^tools\/case\.yaml:11:23: steps\/0\/expect_response\/result\/text\/\$regx: invalid pattern: unknown operator "\$regx"/)]);
  });

  it('reports a file that is not a map', async () => {
    expect(await problemsOf('- just a list\n')).toEqual([expect.stringMatching(/^tools\/case\.yaml:1:1: a case file is a map with the keys id, title, /)]);
  });

  it('reports every file that shares an id, and runs none of them', async () => {
    await write('a.yaml', valid('same'));
    await write('b/c.yaml', header('same') + '  - sleep: {ms: 1}\n');
    await write('d.yaml', header('other') + '  - sleep: {ms: 1}\n');
    const { cases, problems } = await loadCases({ root });
    expect(cases.map((c) => c.id)).toEqual(['other']);
    expect(problems.map(formatProblem)).toEqual([
      'a.yaml:2:1: duplicate id "same": also used by b/c.yaml:1',
      'b/c.yaml:1:1: duplicate id "same": also used by a.yaml:2',
    ]);
  });

  it('takes patterns relative to cwd, absolute patterns and directories', async () => {
    await write('tools/a.yaml', header('tools-a') + '  - sleep: {ms: 1}\n');
    await write('tools/b.yaml', header('tools-b') + '  - sleep: {ms: 1}\n');
    await write('prompts/c.yaml', header('prompts-c') + '  - sleep: {ms: 1}\n');
    const ids = async (patterns: string[]) => (await loadCases({ root, patterns, cwd: root })).cases.map((c) => c.id);
    expect(await ids(['tools/*.yaml'])).toEqual(['tools-a', 'tools-b']);
    expect(await ids(['prompts'])).toEqual(['prompts-c']);
    expect(await ids([join(root, 'tools/b.yaml'), 'prompts/c.yaml'])).toEqual(['prompts-c', 'tools-b']);
    expect(await ids(['nothing/*.yaml'])).toEqual([]);
  });
});

describe('formatProblem', () => {
  it('is file:line:column: message', () => {
    expect(formatProblem({ file: 'a/b.yaml', line: 3, column: 7, message: 'bad' })).toBe('a/b.yaml:3:7: bad');
  });
});

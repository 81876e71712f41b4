// Every case must be able to fail. Each row breaks one rule, in the fixture
// (mutant:DEFECT) or in the host (WASI_MCP_HOST_DEFECT), and names the cases
// that must then fail; the last test requires every case to appear in a row.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/load-cases.js';
import { root, runCli } from './cli.js';

interface Mutation {
  fixture?: string;
  hostDefect?: string;
  mustFail: string[];
}

const MUTATIONS: Mutation[] = [
  { fixture: 'mutant:bad-initialize', mustFail: ['lifecycle-initialize-result', 'lifecycle-server-info-from-component'] },
  { fixture: 'mutant:wrong-results', mustFail: ['tools-call-echo', 'tools-call-structured', 'tools-call-is-error', 'tools-call-invalid-arguments', 'resources-read-template', 'prompts-get-no-arguments'] },
  { fixture: 'mutant:trap', mustFail: ['tools-call-echo', 'protocol-concurrent-requests'] },
  { fixture: 'mutant:wrong-errors', mustFail: ['tools-call-unknown-tool', 'resources-read-not-found', 'prompts-get-unknown'] },
  { fixture: 'mutant:short-lists', mustFail: ['tools-list-first-page', 'tools-list-pagination', 'resources-list', 'resources-templates-list', 'prompts-list'] },
  { fixture: 'mutant:ignore-prompt-args', mustFail: ['prompts-get-with-arguments', 'prompts-get-missing-argument'] },
  { fixture: 'mutant:text-as-blob', mustFail: ['resources-read-text', 'resources-read-blob'] },
  { fixture: 'mutant:truncated-stream', mustFail: ['streaming-large-resource', 'streaming-chunk-sequence'] },
  { fixture: 'mutant:progress-regress', mustFail: ['progress-monotonic'] },
  { fixture: 'mutant:ignore-cancel', mustFail: ['cancellation-observed-by-guest'] },
  { fixture: 'mutant:trap-on-cancel', mustFail: ['cancellation-server-responsive'] },
  { fixture: 'mutant:hang-on-read', mustFail: ['streaming-chunk-sequence'] },
  { hostDefect: 'no-parse-error', mustFail: ['protocol-parse-error', 'protocol-survives-parse-error', 'protocol-invalid-request'] },
  { hostDefect: 'wrong-error-codes', mustFail: ['protocol-method-not-found', 'tools-call-invalid-params', 'resources-read-invalid-params', 'tools-call-unknown-tool'] },
  { hostDefect: 'unknown-method-internal-error', mustFail: ['protocol-method-not-found'] },
  { hostDefect: 'echo-protocol-version', mustFail: ['lifecycle-version-fallback'] },
  { hostDefect: 'fixed-protocol-version', mustFail: ['lifecycle-version-supported-echoed'] },
  { hostDefect: 'no-ping', mustFail: ['lifecycle-ping'] },
  { hostDefect: 'answer-notifications', mustFail: ['lifecycle-initialized-not-answered', 'protocol-unknown-notification-ignored', 'cancellation-unknown-request', 'cancellation-after-completion'] },
  { hostDefect: 'serial', mustFail: ['protocol-concurrent-requests'] },
  { hostDefect: 'drop-progress', mustFail: ['progress-monotonic'] },
  { hostDefect: 'progress-without-token', mustFail: ['progress-without-token'] },
  { hostDefect: 'truncate-read', mustFail: ['streaming-large-resource'] },
  { hostDefect: 'ignore-cancel', mustFail: ['cancellation-observed-by-guest'] },
  { hostDefect: 'respond-after-cancel', mustFail: ['cancellation-no-response'] },
  { fixture: 'mutant:stdout-garbage', hostDefect: 'stdout-passthrough', mustFail: ['transport-guest-stdout-isolated'] },
];

const name = (m: Mutation) => [m.fixture, m.hostDefect && `host:${m.hostDefect}`].filter(Boolean).join(' + ');

describe('every case fails against a broken fixture or host', () => {
  for (const m of MUTATIONS) {
    it(`${name(m)} fails ${m.mustFail.join(', ')}`, async () => {
      const args = ['--reporter', 'json', ...m.mustFail.flatMap((id) => ['--filter', id])];
      if (m.fixture) args.push('--fixture', m.fixture);
      const run = await runCli(args, m.hostDefect ? { WASI_MCP_HOST_DEFECT: m.hostDefect } : {});
      const outcomes = Object.fromEntries(run.report().results.map((r) => [r.id, r.outcome]));
      const expected = Object.fromEntries(m.mustFail.map((id) => [id, expect.stringMatching(/^(fail|timeout)$/)]));
      expect(outcomes).toEqual(expected);
      expect(run.exitCode).toBe(1);
    });
  }

  it('the reference fixture with no defect passes the same cases', async () => {
    // The control: the mutant build itself is sound when no defect is selected.
    const run = await runCli(['--reporter', 'json', '--fixture', 'mutant:none', '--filter', 'tools-*', '--filter', 'cancellation-observed-by-guest']);
    expect(run.report().results.filter((r) => r.outcome !== 'pass')).toEqual([]);
  });

  it('covers every case in cases/', async () => {
    const { cases } = await loadCases({ root: join(root, 'cases') });
    const covered = new Set(MUTATIONS.flatMap((m) => m.mustFail));
    expect(cases.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, selectEras } from '../../harness/cli/main.js';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function cli(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

describe('cli', () => {
  it('--help lists every option and the exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const opt of ['--runtime', '--host', '--cases', '--filter', '--fixture', '--out', '--reporter', '--timing-scale', '--jobs', '--protocol-version', '--list']) {
      expect(r.out).toContain(opt);
    }
    expect(r.out).toMatch(/Exit codes: 0 .* 1 .* 2 /s);
  });

  it('--version prints the package version', async () => {
    expect((await cli('--version')).out).toMatch(/^wasi-mcp-conformance \d+\.\d+\.\d+\n$/);
  });

  it('rejects bad values with exit 2 and a reason', async () => {
    expect(await cli('--timing-scale', 'fast')).toMatchObject({ code: 2, err: expect.stringMatching(/--timing-scale takes a positive number/) });
    expect(await cli('--reporter', 'xml')).toMatchObject({ code: 2, err: expect.stringMatching(/--reporter takes a comma-separated list of console, junit, json, tap, html, got "xml"/) });
    expect(await cli('--runtime', 'wasmtime', '--host', 'native')).toMatchObject({ code: 2, err: expect.stringMatching(/runtime wasmtime has no host "native"/) });
    expect(await cli('--filter', 'no-such-case-*')).toMatchObject({ code: 2, err: expect.stringMatching(/no case matches/) });
  });

  it('--protocol-version selects eras or a version, and rejects anything else', async () => {
    expect(selectEras(undefined).eras).toEqual(['legacy', 'modern']);
    expect(selectEras('modern')).toEqual({ eras: ['modern'], versions: { legacy: '2025-11-25', modern: '2026-07-28' } });
    expect(selectEras('2025-06-18')).toEqual({ eras: ['legacy'], versions: { legacy: '2025-06-18', modern: '2026-07-28' } });
    expect(() => selectEras('garbage')).toThrow(/--protocol-version takes legacy, modern, all, or one of 2026-07-28, 2025-11-25/);
    expect(await cli('--protocol-version', '2099-01-01')).toMatchObject({ code: 2, err: expect.stringMatching(/--protocol-version takes/) });
  });

  it('--list prints the selected cases without running them', async () => {
    const r = await cli('--list', '--filter', 'tools-call-*');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tools-call-echo\s+MUST\s+legacy\+modern\s+tools/);
    expect(r.out).not.toMatch(/resources-/);
    expect(r.out).toMatch(/\d+ cases\n$/);
  });
});

import { describe, expect, it } from 'vitest';
import { iwasmEnvArgs, parseIwasmProposals, parseIwasmVersion } from '../../adapters/wamr.js';

const VERSION_2_4 = `iwasm 2.4.5
About Wasm Proposals:
  Always-on:
    - Multi-value
    - Non-trapping float-to-int conversions
    - Sign-extension operators
    - WebAssembly C and C++ API
  Compilation Configurable. 0 is OFF. 1 is ON:
    - Bulk Memory Operation via WASM_ENABLE_BULK_MEMORY: 1
    - Fixed-Width SIMD via WASM_ENABLE_SIMD: 0
    - Garbage Collection via WASM_ENABLE_GC: 0
    - Reference Types via WASM_ENABLE_REF_TYPES: 1
`;

describe('iwasm --version parsing', () => {
  it('reads the version from the first line', () => {
    expect(parseIwasmVersion(VERSION_2_4)).toBe('2.4.5');
    expect(parseIwasmVersion('iwasm 2.4.3\n')).toBe('2.4.3');
    expect(parseIwasmVersion('  iwasm 10.0.12')).toBe('10.0.12');
  });

  it('rejects what is not an iwasm version', () => {
    expect(parseIwasmVersion('wasmtime 48.0.8 (a1b2c3d 2026-06-20)')).toBeUndefined();
    expect(parseIwasmVersion('wamr 3.0.0-dev.14')).toBeUndefined();
    expect(parseIwasmVersion('Usage: iwasm [-options] wasm_file [args...]')).toBeUndefined();
    expect(parseIwasmVersion('iwasm 2.4')).toBeUndefined();
    expect(parseIwasmVersion('')).toBeUndefined();
  });

  it('reads the proposal list: always-on, enabled and disabled', () => {
    expect(parseIwasmProposals(VERSION_2_4)).toEqual({
      alwaysOn: ['Multi-value', 'Non-trapping float-to-int conversions', 'Sign-extension operators', 'WebAssembly C and C++ API'],
      enabled: ['Bulk Memory Operation', 'Reference Types'],
      disabled: ['Fixed-Width SIMD', 'Garbage Collection'],
    });
  });

  it('reads the older "Name: 0|1" form and ignores other lines', () => {
    const older = 'iwasm 1.3.0\nPhase4 Wasm Proposals Status:\n  Always-on:\n    - Multi-value\n  Configurable:\n    - Memory64: 0\n    - Tail-call: 1\nsome trailing note\n';
    expect(parseIwasmProposals(older)).toEqual({ alwaysOn: ['Multi-value'], enabled: ['Tail-call'], disabled: ['Memory64'] });
  });

  it('has no proposals when iwasm prints only its version', () => {
    expect(parseIwasmProposals('iwasm 2.2.0')).toEqual({ alwaysOn: [], enabled: [], disabled: [] });
  });
});

describe('guest environment as iwasm arguments', () => {
  it('uses the --env=K=V form only, one argument per entry', () => {
    expect(iwasmEnvArgs({ WASI_MCP_FIXTURE_DEFECT: 'trap', B: 'x y=z' })).toEqual(['--env=WASI_MCP_FIXTURE_DEFECT=trap', '--env=B=x y=z']);
    expect(iwasmEnvArgs({})).toEqual([]);
  });
});

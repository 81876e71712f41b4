import { describe, expect, it } from 'vitest';
import { p3Flags, parseWasmtimeVersion } from '../../adapters/wasmtime.js';

describe('wasmtime version handling', () => {
  it('parses `wasmtime --version` output', () => {
    expect(parseWasmtimeVersion('wasmtime 48.0.8 (a1b2c3d 2026-06-20)')).toEqual([48, 0, 8]);
    expect(parseWasmtimeVersion('wasmtime-cli 37.0.1')).toEqual([37, 0, 1]);
    expect(parseWasmtimeVersion('iwasm 2.4.5')).toBeUndefined();
  });

  it('opts into WASI P3 from 37 to 45 and relies on the defaults from 46', () => {
    expect(p3Flags(36)).toEqual([]);
    expect(p3Flags(37)).toEqual(['-W', 'component-model-async=y', '-S', 'p3=y']);
    expect(p3Flags(45)).toEqual(['-W', 'component-model-async=y', '-S', 'p3=y']);
    expect(p3Flags(46)).toEqual([]);
  });
});

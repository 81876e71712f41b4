// The WIT parses and resolves with the wasm-tools that jco bundles, world by
// world, and a broken copy is rejected (so the check can fail).
import { types } from '@bytecodealliance/jco';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { witDigest, witDir } from '../../harness/runner/wit-digest.js';

const WORLDS = ['mcp-server', 'mcp-server-with-client'];

describe('wit/', () => {
  for (const world of WORLDS) {
    it(`world ${world} resolves and exposes the four interfaces`, async () => {
      const files = await types(witDir, { worldName: world, quiet: true });
      const names = Object.keys(files).join('\n');
      expect(names).toMatch(/wasi-mcp-server\.d\.ts/);
      expect(names).toMatch(/wasi-mcp-streaming\.d\.ts/);
      expect(names).toMatch(/wasi-mcp-types\.d\.ts/);
      if (world === 'mcp-server-with-client') expect(names).toMatch(/wasi-mcp-client\.d\.ts/);
    });
  }

  it('keeps the proposal\'s twelve error codes, and adds the one MCP 2026-07-28 defines for components', () => {
    const text = readFileSync(join(witDir, 'types.wit'), 'utf8');
    const body = /enum error-code \{([^}]*)\}/.exec(text.replace(/\/\/.*$/gm, ''))?.[1] ?? '';
    const codes = body.split(',').map((s) => s.trim()).filter(Boolean);
    expect(codes).toEqual([
      'invalid-request', 'method-not-found', 'invalid-params', 'internal-error', 'resource-not-found', 'tool-not-found',
      'prompt-not-found', 'unauthorized', 'forbidden', 'timeout', 'rate-limited', 'unavailable', 'missing-client-capability',
    ]);
  });

  it('rejects a broken copy, and the digest follows the contents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-wit-'));
    cpSync(witDir, dir, { recursive: true });
    const streaming = join(dir, 'streaming.wit');
    writeFileSync(streaming, readFileSync(streaming, 'utf8').replace('stream<call-event>', 'stream<no-such-type>'));
    await expect(types(dir, { worldName: 'mcp-server', quiet: true })).rejects.toThrow(/no-such-type/);
    expect(witDigest(dir)).not.toBe(witDigest());
  });
});

// The case format is defined once, in cases/schema.json: the TypeScript types
// the harness compiles against are generated from it and must not be stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../scripts/case-types.mjs';

const root = join(import.meta.dirname, '..', '..');

describe('case types', () => {
  it('harness/model/case-file.generated.ts is what cases/schema.json generates (run `npm run types` after changing the schema)', async () => {
    const committed = readFileSync(join(root, 'harness', 'model', 'case-file.generated.ts'), 'utf8');
    expect(committed).toBe(await generate());
  });

  it('the loaded-case types are derived from the generated ones, not written beside them', () => {
    const types = readFileSync(join(root, 'harness', 'model', 'case-types.ts'), 'utf8');
    expect(types).toMatch(/from '\.\/case-file\.generated\.js'/);
    for (const field of ['severity', 'eras', 'references', 'session']) expect(types).toContain(`WasiMcpConformanceCase['${field}']`);
    expect(types).not.toMatch(/interface Case\b/);
  });
});

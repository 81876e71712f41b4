// The case format's TypeScript types, generated from cases/schema.json (the
// format is defined there only). `node scripts/case-types.mjs` writes
// harness/model/case-file.generated.ts; `--check` exits 1 when that file is stale.
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const target = join(root, 'harness', 'model', 'case-file.generated.ts');
const banner = '// Generated from cases/schema.json by `npm run types`: do not edit.\n/* eslint-disable */';

export async function generate() {
  const schema = JSON.parse(readFileSync(join(root, 'cases', 'schema.json'), 'utf8'));
  return compile(schema, 'CaseFile', { bannerComment: banner, additionalProperties: false, format: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generate();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('harness/model/case-file.generated.ts is stale: cases/schema.json changed; run `npm run types`');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}

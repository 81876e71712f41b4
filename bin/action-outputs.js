#!/usr/bin/env node
// Prints the GitHub Action outputs (key=value lines) for the reports in a folder.
// A run that stopped before writing any report (a usage error) has none: the
// outputs are then zeros and empty paths, never a crash of this step.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'reports');
const files = existsSync(dir) ? readdirSync(dir) : [];
const reports = files.filter((f) => /^results-.*\.json$/.test(f)).flatMap((f) => {
  try {
    return [JSON.parse(readFileSync(join(dir, f), 'utf8'))];
  } catch {
    return [];
  }
});
const sum = (key) => reports.reduce((n, r) => n + (r.summary?.[key] ?? 0), 0);
const lines = {
  passed: sum('pass') + sum('xfail'),
  failed: sum('fail') + sum('timeout') + sum('xpass'),
  unsupported: sum('unsupported'),
  junit: files.filter((f) => f.startsWith('junit-')).map((f) => join(dir, f)).join(','),
  json: files.filter((f) => /^results-.*\.json$/.test(f)).map((f) => join(dir, f)).join(','),
};
for (const [k, v] of Object.entries(lines)) process.stdout.write(`${k}=${v}\n`);

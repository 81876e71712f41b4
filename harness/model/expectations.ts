// Expected failures (`--expectations FILE`): a runtime's baseline of known
// failures, per target and OS, each with a reason and a link. A listed case
// that fails is `xfail`; one that passes is `xpass` and fails the run (the
// baseline must be updated) unless the entry says `flaky`; an entry naming
// no existing case is stale: an `error` result, exit 2. docs/expectations.md.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { packageRoot } from '../../adapters/paths.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { CaseProblem, Era } from './case-types.js';
import { didYouMean } from '../client/match.js';
import { targetName, type CaseResult, type TargetReport } from '../reports/results.js';

export interface Expectation {
  case: string;
  /** `runtime/host` patterns; `*` matches any part. */
  targets: string[];
  /** Node `process.platform` values; empty: any. */
  os: string[];
  /** Protocol eras (legacy, modern); empty: any. */
  eras: Era[];
  reason: string;
  link: string;
  /** A reproducer in this repository (docs/upstream/…), until the upstream report exists. */
  reproducer?: string;
  /** The case sometimes passes (an intermittent upstream bug): a pass is then not an xpass. */
  flaky: boolean;
  file: string;
  line: number;
  column: number;
}

const KEYS = ['case', 'targets', 'os', 'eras', 'reason', 'link', 'reproducer', 'flaky'];
// The schema is the format's definition (expectations/schema.json); the checks below give each
// problem a position and a plain message, and the schema has the last word.
const SCHEMA = JSON.parse(readFileSync(join(packageRoot, 'expectations', 'schema.json'), 'utf8')) as {
  $defs: { entry: { properties: { targets: { items: { pattern: string } }; os: { items: { enum: string[] } } } } };
};
const TARGET = new RegExp(SCHEMA.$defs.entry.properties.targets.items.pattern);
/** The runtimes and hosts the schema's target pattern allows, for messages: `^(a|b)/(c|d)$`. */
const [KNOWN_RUNTIMES, KNOWN_HOSTS] = [...SCHEMA.$defs.entry.properties.targets.items.pattern.matchAll(/\(([^)]*)\)/g)].map((m) =>
  m[1]!.split('|').filter((n) => n !== '\\*').join(', '),
);
const PLATFORMS = SCHEMA.$defs.entry.properties.os.items.enum;
let validator: ValidateFunction | undefined;
const validate = () => (validator ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(SCHEMA));

export async function loadExpectations(file: string): Promise<{ expectations: Expectation[]; problems: CaseProblem[] }> {
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw new Error(`cannot read expectations file ${file}: ${e.message}`);
  });
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: CaseProblem[] = [];
  const at = (node: Node | null | undefined) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  };
  const problem = (node: Node | null | undefined, message: string) => problems.push({ file, ...at(node), message });
  for (const e of [...doc.errors, ...doc.warnings]) {
    problems.push({ file, line: e.linePos?.[0]?.line ?? 1, column: e.linePos?.[0]?.col ?? 1, message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (problems.length) return { expectations: [], problems };

  const root = doc.contents;
  const list = isMap(root) ? (root.get('expectations', true) as Node | undefined) : undefined;
  if (!isMap(root) || !isSeq(list)) {
    problem(root as Node, 'an expectations file is a map with one key, "expectations", holding a list of entries');
    return { expectations: [], problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'expectations') problem(pair.key as Node, `unknown key ${JSON.stringify(key)}; the file has one key, "expectations"`);
  }

  const expectations: Expectation[] = [];
  for (const item of list.items) {
    if (!isMap(item)) {
      problem(item as Node, 'an entry is a map with case, targets, reason and link (os, flaky optional)');
      continue;
    }
    const entry = item as YAMLMap;
    const before = problems.length;
    for (const pair of entry.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!KEYS.includes(key)) problem(pair.key as Node, `unknown key ${JSON.stringify(key)}${didYouMean(key, KEYS)}; expected one of ${KEYS.join(', ')}`);
    }
    // An alias (*name) stands for the value it names: a shared reason is written once.
    const get = (key: string): Node | undefined => {
      const node = entry.get(key, true) as Node | undefined;
      return node && isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
    };
    const str = (key: string): string | undefined => {
      const node = get(key);
      if (node === undefined) {
        if (key !== 'os' && key !== 'flaky' && key !== 'eras') problem(entry, `missing required key "${key}"`);
        return undefined;
      }
      if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
        problem(node, `${key}: expected a non-empty string`);
        return undefined;
      }
      return node.value;
    };
    const strings = (key: string, check?: (s: string) => string | undefined): string[] => {
      const node = get(key);
      if (node === undefined) {
        if (key === 'targets') problem(entry, 'missing required key "targets"');
        return [];
      }
      if (!isSeq(node) || node.items.length === 0) {
        problem(node, `${key}: expected a non-empty list of strings`);
        return [];
      }
      const out: string[] = [];
      for (const s of node.items) {
        const v = isScalar(s) ? s.value : undefined;
        const bad = typeof v !== 'string' ? 'expected a string' : check?.(v);
        if (bad) problem(s as Node, `${key}: ${bad}`);
        else out.push(v as string);
      }
      return out;
    };
    const id = str('case');
    const targets = strings('targets', (t) => (TARGET.test(t) ? undefined : `${JSON.stringify(t)} is not runtime/host with a known runtime (${KNOWN_RUNTIMES}) and host (${KNOWN_HOSTS}), or * for either (e.g. */${KNOWN_HOSTS?.split(', ')[0]})`));
    const os = strings('os', (o) => (PLATFORMS.includes(o) ? undefined : `${JSON.stringify(o)} is not a platform${didYouMean(o, PLATFORMS)}; known: ${PLATFORMS.join(', ')}`));
    const eras = strings('eras', (e) => (e === 'legacy' || e === 'modern' ? undefined : `${JSON.stringify(e)} is not an era (legacy, modern)`)) as Era[];
    const reason = str('reason');
    const link = str('link');
    if (link && !/^https?:\/\/\S+$/.test(link)) problem(entry.get('link', true) as Node, 'link: expected an http(s) URL to the upstream bug');
    const reproducer = entry.has('reproducer') ? str('reproducer') : undefined;
    if (reproducer !== undefined && !(/^docs\/upstream\/[A-Za-z0-9._-]+\.md$/.test(reproducer) && existsSync(join(packageRoot, reproducer)))) {
      problem(entry.get('reproducer', true) as Node, `reproducer: ${JSON.stringify(reproducer)} is not a file docs/upstream/NAME.md of the suite`);
    }
    const flakyNode = entry.get('flaky', true) as Node | undefined;
    if (flakyNode !== undefined && !(isScalar(flakyNode) && typeof flakyNode.value === 'boolean')) problem(flakyNode, 'flaky: expected true or false');
    if (problems.length === before && id && reason && link) {
      expectations.push({
        case: id, targets, os, eras, reason, link, ...(reproducer ? { reproducer } : {}),
        flaky: isScalar(flakyNode) && flakyNode.value === true,
        file, ...at(entry.get('case', true) as Node),
      });
    }
  }
  if (problems.length === 0 && !validate()(doc.toJS())) {
    for (const e of validate().errors ?? []) problems.push({ file, line: 1, column: 1, message: `${e.instancePath || '(file)'}: ${e.message ?? e.keyword}` });
  }
  return { expectations, problems };
}

function matchesTarget(pattern: string, target: string): boolean {
  const [pr, ph] = pattern.split('/');
  const [tr, th] = target.split('/');
  return (pr === '*' || pr === tr) && (ph === '*' || ph === th);
}

/** Applies a baseline to one target's report (a new report; the input is left as it is). */
export function applyExpectations(report: TargetReport, expectations: Expectation[], knownCaseIds: string[], platform: string = process.platform): TargetReport {
  const target = targetName(report.target);
  const applicable = expectations.filter((e) => e.targets.some((t) => matchesTarget(t, target)) && (e.os.length === 0 || e.os.includes(platform)));
  const results = report.results.map((r): CaseResult => {
    const e = applicable.find((x) => x.case === r.id && (x.eras.length === 0 || x.eras.includes(r.era)));
    if (!e) return r;
    const why = `${e.reason} (${e.link}${e.reproducer ? `; reproducer: ${e.reproducer}` : ''})`;
    if (r.outcome === 'fail' || r.outcome === 'timeout') return { ...r, outcome: 'xfail', message: `expected failure: ${why}; ${r.message ?? r.outcome}` };
    if (r.outcome === 'pass' && !e.flaky) {
      return { ...r, outcome: 'xpass', message: `listed as an expected failure at ${e.file}:${e.line} (${why}) but passed: remove the entry` };
    }
    return r;
  });
  const known = new Set(knownCaseIds);
  for (const e of expectations.filter((x) => !known.has(x.case))) {
    results.push({
      id: `expectations:${e.file}:${e.line}`,
      era: report.eras[0] ?? 'legacy',
      protocolVersion: report.versions[report.eras[0] ?? 'legacy'],
      title: 'stale expected-failure entry',
      area: 'expectations',
      severity: 'MUST',
      file: e.file,
      references: {},
      fixture: '-',
      // A baseline that names no case is a broken input, like a broken case file: exit 2.
      outcome: 'error',
      message: `${e.file}:${e.line}:${e.column}: no case has the id ${JSON.stringify(e.case)}${didYouMean(e.case, knownCaseIds)}; remove or fix the entry`,
      durationMs: 0,
      transcript: [],
    });
  }
  return { ...report, results };
}

// The pattern language of cases (docs/case-format.md#patterns): structural subset matching
// with `$` operators. match() returns every mismatch with the path where it happened; an
// empty list is a match. A pattern that is itself wrong (an unknown operator, a bad operand)
// never matches: match() reports it as "invalid pattern: ..." before looking at the value.
import { createHash } from 'node:crypto';

export interface Mismatch {
  /** Where in the actual value, e.g. `$.result.content[0].text`. */
  path: string;
  message: string;
}

export interface MatchOptions {
  /** Multiplies the bound of `$lte_scaled` (default 1). */
  timingScale?: number;
  /** The path of `actual` in reports (default `$`). */
  path?: string;
  /** The protocol era the case runs in, for `$era` (docs/case-format.md). */
  era?: string;
}

/** A problem with a pattern itself, at a path of segments inside the pattern. */
export interface PatternError {
  path: (string | number)[];
  message: string;
}

export const OPERATORS = [
  '$type',
  '$regex',
  '$range',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$lte_scaled',
  '$absent',
  '$any',
  '$exact',
  '$oneOf',
  '$all',
  '$not',
  '$unordered',
  '$contains',
  '$length',
  '$base64',
  '$json',
  '$era',
  '$each',
] as const;
export type Operator = (typeof OPERATORS)[number];

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);
const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

/** Stands for the value of a key the actual map does not have. */
const MISSING: unique symbol = Symbol('missing');
type Actual = unknown;

type PlainObject = Record<string, unknown>;

function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether a pattern is an operator: a map with a single key starting with `$`.
 * (The key may be unknown; checkPattern reports that.)
 */
export function isOperator(pattern: unknown): pattern is PlainObject {
  if (!isPlainObject(pattern)) return false;
  const keys = Object.keys(pattern);
  return keys.length === 1 && keys[0]!.startsWith('$');
}

/** `$.a.b[0]["x y"]` style path of a child. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function formatSegments(segments: (string | number)[], root = '$'): string {
  return segments.reduce<string>((p, s) => childPath(p, s), root);
}

// ---------------------------------------------------------------------------------------------
// Checking patterns

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Edit distance counting a swap of neighbours as one edit, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Suggests the closest of `candidates` as ` (did you mean "x"?)`, or an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean ${JSON.stringify(c)}?)`;
}

const regexCache = new Map<string, RegExp | Error>();

function compileRegex(source: string): RegExp | Error {
  let re = regexCache.get(source);
  if (!re) {
    try {
      re = new RegExp(source);
    } catch (e) {
      re = e as Error;
    }
    regexCache.set(source, re);
  }
  return re;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The problems of a pattern itself: unknown operators, operands of the wrong shape,
 * operators sharing their map with other keys. Empty when the pattern is well formed.
 */
export function checkPattern(pattern: unknown, path: (string | number)[] = []): PatternError[] {
  const errors: PatternError[] = [];
  const err = (at: (string | number)[], message: string) => errors.push({ path: at, message });
  const visit = (p: unknown, at: (string | number)[]): void => {
    if (Array.isArray(p)) {
      p.forEach((item, i) => visit(item, [...at, i]));
      return;
    }
    if (!isPlainObject(p)) return;
    if (!isOperator(p)) {
      for (const [k, v] of Object.entries(p)) {
        if (OPERATOR_SET.has(k)) err([...at, k], `${k} must be the only key of its map (combine operators with $all)`);
        else visit(v, [...at, k]);
      }
      return;
    }
    const [op, arg] = Object.entries(p)[0]!;
    const here = [...at, op];
    switch (op) {
      case '$type':
        if (!(TYPES as readonly unknown[]).includes(arg)) err(here, `$type takes one of ${TYPES.join(', ')}; got ${describe(arg)}`);
        return;
      case '$regex': {
        if (typeof arg !== 'string') {
          err(here, `$regex takes a string (a JavaScript regular expression); got ${describe(arg)}`);
          return;
        }
        const re = compileRegex(arg);
        if (re instanceof Error) err(here, `$regex: invalid regular expression: ${re.message}`);
        return;
      }
      case '$range':
        if (!(Array.isArray(arg) && arg.length === 2 && isFiniteNumber(arg[0]) && isFiniteNumber(arg[1]) && arg[0] <= arg[1])) {
          err(here, `$range takes [min, max], two numbers with min <= max; got ${describe(arg)}`);
        }
        return;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
      case '$lte_scaled':
        if (!isFiniteNumber(arg)) err(here, `${op} takes a number; got ${describe(arg)}`);
        return;
      case '$absent':
      case '$any':
        if (arg !== true) err(here, `${op} takes true; got ${describe(arg)}`);
        return;
      case '$exact':
        return;
      case '$oneOf':
      case '$all':
      case '$unordered':
      case '$contains':
        if (!Array.isArray(arg)) {
          err(here, `${op} takes a list of patterns; got ${describe(arg)}`);
          return;
        }
        if ((op === '$oneOf' || op === '$all') && arg.length === 0) {
          err(here, `${op} takes a non-empty list of patterns`);
          return;
        }
        arg.forEach((item, i) => visit(item, [...here, i]));
        return;
      case '$not':
      case '$length':
      case '$json':
      case '$each':
        visit(arg, here);
        return;
      case '$era': {
        if (!isPlainObject(arg) || Object.keys(arg).length === 0) {
          err(here, `$era takes a map from era (legacy, modern) to pattern; got ${describe(arg)}`);
          return;
        }
        for (const [k, v] of Object.entries(arg)) {
          if (k !== 'legacy' && k !== 'modern') err([...here, k], `$era takes the keys legacy and modern; got ${JSON.stringify(k)}`);
          else visit(v, [...here, k]);
        }
        return;
      }
      case '$base64': {
        if (!isPlainObject(arg)) {
          err(here, `$base64 takes {length?: pattern, sha256?: hex digest}; got ${describe(arg)}`);
          return;
        }
        for (const k of Object.keys(arg)) {
          if (k !== 'length' && k !== 'sha256') err([...here, k], `$base64 takes the keys length and sha256; got ${JSON.stringify(k)}`);
        }
        if ('length' in arg) visit(arg.length, [...here, 'length']);
        if ('sha256' in arg && !(typeof arg.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(arg.sha256))) {
          err([...here, 'sha256'], `$base64 sha256 takes 64 hexadecimal digits; got ${describe(arg.sha256)}`);
        }
        return;
      }
      default:
        err(here, `unknown operator ${JSON.stringify(op)}${didYouMean(op, OPERATORS)}; known: ${OPERATORS.join(', ')} (to match a key starting with $ literally, use $exact)`);
    }
  };
  visit(pattern, path);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** A short rendering of a value for messages. */
export function describe(v: unknown, max = 100): string {
  if (v === MISSING) return 'no value (the key is missing)';
  if (v === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return isFiniteNumber(v);
    default:
      return v !== MISSING && typeOf(v) === t;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Code points, so that a character outside the BMP counts once. */
function lengthOf(v: string | unknown[]): number {
  return typeof v === 'string' ? [...v].length : v.length;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface Context {
  timingScale: number;
  era: string | undefined;
}

function firstMismatch(ms: Mismatch[], base: string): string {
  const m = ms[0];
  if (!m) return '';
  const more = ms.length > 1 ? ` (+${ms.length - 1} more)` : '';
  return `${m.path === base ? '' : `${m.path}: `}${m.message}${more}`;
}

/**
 * Matches `pattern` against `actual` (docs/case-format.md#patterns).
 * Returns the mismatches, each with the path where it happened; empty means a match.
 */
export function match(pattern: unknown, actual: unknown, options: MatchOptions = {}): Mismatch[] {
  const root = options.path ?? '$';
  const problems = checkPattern(pattern);
  if (problems.length > 0) return problems.map((p) => ({ path: formatSegments(p.path, root), message: `invalid pattern: ${p.message}` }));
  const out: Mismatch[] = [];
  matchAt(pattern, actual === undefined ? MISSING : actual, root, { timingScale: options.timingScale ?? 1, era: options.era }, out);
  return out;
}

function matches(pattern: unknown, actual: Actual, path: string, ctx: Context): Mismatch[] {
  const out: Mismatch[] = [];
  matchAt(pattern, actual, path, ctx, out);
  return out;
}

function matchAt(pattern: unknown, actual: Actual, path: string, ctx: Context, out: Mismatch[]): void {
  const fail = (message: string) => out.push({ path, message });
  if (isOperator(pattern)) {
    const [op, arg] = Object.entries(pattern)[0]!;
    operator(op as Operator, arg, actual, path, ctx, out);
    return;
  }
  if (isPlainObject(pattern)) {
    if (!isPlainObject(actual)) return void fail(`expected an object, got ${describe(actual)}`);
    for (const [k, p] of Object.entries(pattern)) {
      const v = Object.hasOwn(actual, k) && actual[k] !== undefined ? actual[k] : MISSING;
      matchAt(p, v, childPath(path, k), ctx, out);
    }
    return;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return void fail(`expected a list, got ${describe(actual)}`);
    if (actual.length !== pattern.length) {
      return void fail(`expected a list of ${pattern.length} item${pattern.length === 1 ? '' : 's'}, got ${actual.length}: ${describe(actual)}`);
    }
    pattern.forEach((p, i) => matchAt(p, actual[i], childPath(path, i), ctx, out));
    return;
  }
  if (actual !== pattern) fail(`expected ${describe(pattern)}, got ${describe(actual)}`);
}

function operator(op: Operator, arg: unknown, actual: Actual, path: string, ctx: Context, out: Mismatch[]): void {
  const fail = (message: string) => out.push({ path, message });
  const got = describe(actual);
  switch (op) {
    case '$type':
      if (!hasType(actual, arg as string)) fail(`expected a value of type ${arg as string}, got ${got}`);
      return;
    case '$regex': {
      const re = compileRegex(arg as string) as RegExp;
      if (typeof actual !== 'string' || !re.test(actual)) fail(`expected a string matching /${arg as string}/, got ${got}`);
      return;
    }
    case '$range': {
      const [min, max] = arg as [number, number];
      if (!(isFiniteNumber(actual) && actual >= min && actual <= max)) fail(`expected a number in [${min}, ${max}], got ${got}`);
      return;
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
    case '$lte_scaled': {
      const n = arg as number;
      const bound = op === '$lte_scaled' ? n * ctx.timingScale : n;
      const ok = isFiniteNumber(actual) && {
        $gt: actual > bound,
        $gte: actual >= bound,
        $lt: actual < bound,
        $lte: actual <= bound,
        $lte_scaled: actual <= bound,
      }[op];
      if (!ok) {
        const symbol = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $lte_scaled: '<=' }[op];
        const scaled = op === '$lte_scaled' ? ` (${n} × timing scale ${ctx.timingScale})` : '';
        fail(`expected a number ${symbol} ${bound}${scaled}, got ${got}`);
      }
      return;
    }
    case '$absent':
      if (actual !== MISSING) fail(`expected the key to be absent, got ${got}`);
      return;
    case '$any':
      if (actual === MISSING) fail(`expected a value, got ${got}`);
      return;
    case '$exact':
      if (actual === MISSING || !deepEqual(arg, actual)) fail(`expected exactly ${describe(arg)}, got ${got}`);
      return;
    case '$oneOf': {
      const alternatives = arg as unknown[];
      const results: Mismatch[][] = [];
      for (const p of alternatives) {
        const r = matches(p, actual, path, ctx);
        if (r.length === 0) return;
        results.push(r);
      }
      fail(`matches none of the ${alternatives.length} alternatives of $oneOf: ${results.map((r, i) => `[${i}] ${firstMismatch(r, path)}`).join('; ')}`);
      return;
    }
    case '$all':
      for (const p of arg as unknown[]) matchAt(p, actual, path, ctx, out);
      return;
    case '$not':
      if (actual === MISSING) return void fail(`expected a value not matching ${describe(arg)}, got ${got}`);
      if (matches(arg, actual, path, ctx).length === 0) fail(`expected a value not matching ${describe(arg)}, got ${got}`);
      return;
    case '$unordered':
    case '$contains': {
      const patterns = arg as unknown[];
      if (!Array.isArray(actual)) return void fail(`expected a list, got ${got}`);
      if (op === '$unordered' && actual.length !== patterns.length) {
        return void fail(`expected a list of ${patterns.length} item${patterns.length === 1 ? '' : 's'} (in any order), got ${actual.length}: ${got}`);
      }
      unorderedMatch(op, patterns, actual, path, ctx, out);
      return;
    }
    case '$length': {
      if (typeof actual !== 'string' && !Array.isArray(actual)) return void fail(`expected a list or a string (for $length), got ${got}`);
      matchAt(arg, lengthOf(actual), childPath(path, 'length'), ctx, out);
      return;
    }
    case '$base64': {
      const spec = arg as { length?: unknown; sha256?: string };
      if (typeof actual !== 'string') return void fail(`expected a base64 string, got ${got}`);
      if (!BASE64.test(actual)) return void fail(`expected a base64 string, got ${got}`);
      const bytes = Buffer.from(actual, 'base64');
      if ('length' in spec) {
        for (const m of matches(spec.length, bytes.length, path, ctx)) {
          out.push({ path: m.path, message: `decoded length: ${m.message}` });
        }
      }
      if (spec.sha256 !== undefined) {
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (digest !== spec.sha256.toLowerCase()) {
          fail(`expected decoded bytes with sha256 ${spec.sha256.toLowerCase()}, got ${bytes.length} bytes with sha256 ${digest}`);
        }
      }
      return;
    }
    case '$json': {
      if (typeof actual !== 'string') return void fail(`expected a string holding JSON, got ${got}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(actual);
      } catch (e) {
        return void fail(`expected a string holding JSON, got ${got} (${(e as Error).message})`);
      }
      for (const m of matches(arg, parsed, path, ctx)) out.push({ path: m.path, message: `parsed JSON: ${m.message}` });
      return;
    }
    case '$each': {
      if (!Array.isArray(actual)) return void fail(`expected a list (for $each), got ${got}`);
      actual.forEach((item, i) => matchAt(arg, item, childPath(path, i), ctx, out));
      return;
    }
    case '$era': {
      const byEra = arg as Record<string, unknown>;
      // An era the operator does not name puts no constraint on the value.
      if (ctx.era === undefined || !Object.hasOwn(byEra, ctx.era)) return;
      matchAt(byEra[ctx.era], actual, path, ctx, out);
      return;
    }
  }
}

/**
 * $unordered / $contains: each pattern needs its own item (a bipartite matching, so that a
 * loose pattern cannot steal the only item a stricter one could match).
 */
function unorderedMatch(op: string, patterns: unknown[], items: unknown[], path: string, ctx: Context, out: Mismatch[]): void {
  const results = patterns.map((p) => items.map((item, j) => matches(p, item, childPath(path, j), ctx)));
  const fits = results.map((row) => row.map((r) => r.length === 0));
  const owner: (number | undefined)[] = items.map(() => undefined); // item → pattern
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < items.length; j++) {
      if (!fits[i]![j] || seen[j]) continue;
      seen[j] = true;
      if (owner[j] === undefined || augment(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  const unmatched = patterns.map((_, i) => i).filter((i) => !augment(i, items.map(() => false)));
  for (const i of unmatched) {
    const what = `${op}[${i}] ${describe(patterns[i], 60)}`;
    const candidates = fits[i]!.flatMap((ok, j) => (ok ? [j] : []));
    if (candidates.length > 0) {
      out.push({
        path,
        message: `no item left for ${what}: the items it matches (${candidates.map((j) => `[${j}]`).join(', ')}) are taken by other patterns`,
      });
      continue;
    }
    let hint = '';
    if (items.length > 0) {
      // The closest item: one no other pattern took, with the fewest mismatches.
      const row = results[i]!;
      const score = (j: number) => (owner[j] === undefined ? 0 : 1e6) + row[j]!.length;
      const best = row.reduce((b, _, j) => (score(j) < score(b) ? j : b), 0);
      hint = ` (closest: ${firstMismatch(row[best]!, '')})`;
    }
    out.push({ path, message: `no item matches ${what}${items.length === 0 ? ': the list is empty' : hint}` });
  }
}

/**
 * The value at a dotted path such as `params.progress` or `result.content.0.text`
 * (`content[0]` works too); undefined when some part is missing.
 */
export function getPath(value: unknown, dotted: string): unknown {
  const parts = dotted.replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '');
  let cur: unknown = value;
  for (const part of parts) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isPlainObject(cur) && Object.hasOwn(cur, part)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

// Finds, parses and validates case files (docs/case-format.md, cases/schema.json).
// A file that is not valid YAML, does not follow the schema, has a malformed pattern, or
// shares its id with another file becomes a CaseProblem at file:line:column; the other
// files still load.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import { schemaPath, STEP_KINDS, TOP_KEYS } from './case-schema.js';
import type { Case, CaseProblem } from './case-types.js';
import { checkPattern, describe, didYouMean } from '../client/match.js';

export interface LoadOptions {
  /** The cases folder: the default pattern is `**\/*.yaml` under it, and Case.file is relative to it (absolute for files outside it). */
  root: string;
  /**
   * Globs (tinyglobby syntax) or plain paths selecting case files instead of the default. A
   * relative pattern is relative to `cwd` (the current directory, as for `--cases`), never to
   * `root`; absolute patterns are used as they are. A pattern naming a directory means every
   * `.yaml` file under it. Only files ending in `.yaml` or `.yml` are loaded.
   */
  patterns?: string[];
  /** For relative patterns; default process.cwd(). */
  cwd?: string;
}

export { schemaPath };

let validator: Promise<ValidateFunction> | undefined;

function loadValidator(): Promise<ValidateFunction> {
  validator ??= readFile(schemaPath, 'utf8').then((text) => {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    return ajv.compile(JSON.parse(text) as object);
  });
  return validator;
}

export function formatProblem(p: CaseProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

const toPosix = (p: string) => (sep === '\\' ? p.replaceAll('\\', '/') : p);

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The case files selected by the options, absolute, sorted. */
export async function findCaseFiles(options: LoadOptions): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const patterns = options.patterns ?? [join(root, '**/*.yaml')];
  const globs: string[] = [];
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : join(cwd, pattern);
    const dir = !isDynamicPattern(toPosix(pattern)) && (await isDirectory(absolute));
    globs.push(toPosix(dir ? join(absolute, '**/*.yaml') : absolute));
  }
  const files = await glob(globs, { absolute: true, onlyFiles: true, expandDirectories: false, cwd: root });
  return [...new Set(files.map((f) => resolve(f)))].filter((f) => /\.ya?ml$/.test(f)).sort();
}

export async function loadCases(options: LoadOptions): Promise<{ cases: Case[]; problems: CaseProblem[] }> {
  const root = resolve(options.cwd ?? process.cwd(), options.root);
  const validate = await loadValidator();
  const files = await findCaseFiles(options);
  const loaded: { c: Case; idPos: Position }[] = [];
  const problems: CaseProblem[] = [];
  for (const path of files) {
    // Inside the cases folder a file is named relative to it; elsewhere by its full path, which is what a user can open.
    const inRoot = relative(root, path);
    const file = toPosix(inRoot.startsWith('..') || isAbsolute(inRoot) ? path : inRoot);
    const text = await readFile(path, 'utf8');
    const result = parseCase(text, file, validate);
    if ('problems' in result) problems.push(...result.problems);
    else loaded.push(result);
  }

  // An id must name one case: every file that shares it is reported, and none of them runs.
  const byId = new Map<string, typeof loaded>();
  for (const l of loaded) byId.set(l.c.id, [...(byId.get(l.c.id) ?? []), l]);
  const cases: Case[] = [];
  for (const [id, group] of byId) {
    if (group.length === 1) {
      cases.push(group[0]!.c);
      continue;
    }
    for (const l of group) {
      const others = group.filter((o) => o !== l).map((o) => `${o.c.file}:${o.idPos.line}`);
      problems.push({ file: l.c.file, ...l.idPos, message: `duplicate id ${JSON.stringify(id)}: also used by ${others.join(', ')}` });
    }
  }
  cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { cases, problems };
}

interface Position {
  line: number;
  column: number;
}

/** Parses and validates one case file's text; exported for tests and tools. */
export async function parseCaseText(text: string, file: string): Promise<{ c: Case; idPos: Position } | { problems: CaseProblem[] }> {
  return parseCase(text, file, await loadValidator());
}

function parseCase(text: string, file: string, validate: ValidateFunction): { c: Case; idPos: Position } | { problems: CaseProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const at = (offset: number | undefined): Position => {
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = (pos: Position, message: string): CaseProblem => ({ file, ...pos, message });

  // YAML errors, and warnings (unresolved tags and the like) as errors too.
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = e.linePos?.[0] ? { line: e.linePos[0].line, column: e.linePos[0].col } : at(e.pos[0]);
    const message = e.code === 'MULTIPLE_DOCS' ? 'a case file holds one YAML document; this one has several (---)' : e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    return problem(pos, `YAML: ${message}`);
  });
  visit(doc, {
    Alias(_, node) {
      if (!node.resolve(doc)) yamlProblems.push(problem(at(node.range?.[0]), `YAML: unknown alias *${node.source}`));
    },
  });
  if (yamlProblems.length > 0) return { problems: yamlProblems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return { problems: [problem({ line: 1, column: 1 }, `YAML: ${(e as Error).message}`)] };
  }

  const problems: CaseProblem[] = [];
  const seen = new Set<string>();
  const add = (p: CaseProblem) => {
    const key = formatProblem(p);
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  };
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      const described = describeError(e);
      if (!described) continue;
      const segments = pointerSegments(e.instancePath);
      const target = locate(doc, segments, described.key);
      add(problem(at(target), prefix(segments) + described.message));
    }
  }
  for (const p of patternProblems(data)) {
    // Point at the operator (a key) when the problem is about one.
    const last = p.path[p.path.length - 1];
    const offset = typeof last === 'string' ? locate(doc, p.path.slice(0, -1), last) : locate(doc, p.path);
    add(problem(at(offset), prefix(p.path) + `invalid pattern: ${p.message}`));
  }
  if (problems.length > 0) return { problems };

  const c = data as Omit<Case, 'file' | 'line'>;
  const idPos = at(locate(doc, [], 'id'));
  return { c: { ...c, file, line: idPos.line }, idPos };
}

/** `steps/2/expect_response: ` for an error at that place; nothing at the top level. */
function prefix(segments: (string | number)[]): string {
  return segments.length ? `${segments.join('/')}: ` : '';
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The offset of the YAML node at `segments` (the deepest that exists); with `key`, of that
 * key in the map at `segments`.
 */
function locate(doc: Document, segments: (string | number)[], key?: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  const deref = (n: unknown) => (isAlias(n) ? n.resolve(doc) : n);
  const pairFor = (map: unknown, k: string | number): Pair | undefined =>
    isMap(map) ? map.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(k)) : undefined;
  for (const s of segments) {
    node = deref(node);
    let next: unknown;
    let nextOffset: number | undefined;
    if (isMap(node)) {
      const pair = pairFor(node, s);
      if (!pair) break;
      next = pair.value;
      nextOffset = (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node | null)?.range?.[0];
    } else if (isSeq(node)) {
      next = node.items[Number(s)];
      nextOffset = (next as Node | undefined)?.range?.[0];
    } else {
      break;
    }
    if (next === undefined) break;
    node = next;
    if (nextOffset !== undefined) offset = nextOffset;
  }
  if (key !== undefined) {
    const pair = pairFor(deref(node), key);
    const keyOffset = (pair?.key as Node | null | undefined)?.range?.[0];
    if (keyOffset !== undefined) return keyOffset;
  }
  return offset;
}

const STEP_LIST = STEP_KINDS.join(', ');

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${describe(v, 60)}`;
}

const PATTERN_HINTS: [RegExp, string][] = [
  [/^\/id$/, 'is not a valid id: lower-case letters, digits, "." and "-", starting with a letter or digit'],
  [/^\/fixture$/, 'is not a fixture name: reference, mutant:DEFECT (DEFECT in lower-case letters and "-"), or another lower-case name'],
  [/^\/references\/spec\/\d+$/, 'is not a spec reference: REVISION/page#section, e.g. 2025-11-25/server/tools#calling-tools'],
  [/^\/references\/wit\/\d+$/, 'is not a WIT reference: package/interface#item, e.g. wasi:mcp/streaming#call-tool'],
];

const isStepPath = (e: ErrorObject) => /^\/steps\/\d+$|\/by_era\/(legacy|modern)\/\d+$/.test(e.instancePath);

/**
 * A readable message for one ajv error, and optionally the key it is about (the problem is
 * then placed at that key). Undefined for errors that another error already explains.
 */
function describeError(e: ErrorObject): { message: string; key?: string } | undefined {
  // Errors inside propertyNames repeat the propertyNames error itself.
  if (e.propertyName !== undefined) return undefined;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'propertyNames': {
      const name = String(params.propertyName);
      if (isStepPath(e)) return { key: name, message: `unknown step ${JSON.stringify(name)}${didYouMean(name, STEP_KINDS)}; expected one of ${STEP_LIST}` };
      return { key: name, message: `invalid key ${JSON.stringify(name)}` + (e.instancePath.endsWith('/save') ? ' (a name is letters, digits and _)' : '') };
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const list = e.instancePath === '' ? TOP_KEYS : known;
      return { key: name, message: `unknown key ${JSON.stringify(name)}${didYouMean(name, list)}; expected one of ${list.join(', ')}` };
    }
    case 'required':
      return { message: `missing required key ${JSON.stringify(params.missingProperty)}` };
    case 'minProperties':
    case 'maxProperties':
      if (isStepPath(e)) {
        const keys = Object.keys(e.data as object);
        return {
          message: `a step is a map with exactly one key (one of ${STEP_LIST}); found ${keys.length ? `${keys.length}: ${keys.join(', ')}` : 'none'}`,
        };
      }
      break;
    case 'type':
      if (isStepPath(e)) return { message: `a step is a map with exactly one key (one of ${STEP_LIST}); got ${typeName(e.data)}` };
      if (e.instancePath === '') {
        const got = e.data === null ? 'the file is empty' : `got ${typeName(e.data)}`;
        return { message: `a case file is a map with the keys ${TOP_KEYS.join(', ')}; ${got}` };
      }
      return { message: `expected ${[params.type].flat().map(typeWord).join(' or ')}, got ${typeName(e.data)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed) : '';
      return { message: `expected one of ${allowed.join(', ')}; got ${describe(e.data, 60)}${hint}` };
    }
    case 'pattern': {
      const hint = PATTERN_HINTS.find(([re]) => re.test(e.instancePath))?.[1];
      return { message: `${describe(e.data, 60)} ${hint ?? `does not match the pattern ${String(params.pattern)}`}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { message: `expected a number ${String(params.comparison)} ${String(params.limit)}, got ${describe(e.data, 60)}` };
    case 'minLength':
      return { message: params.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(params.limit)} characters` };
    case 'minItems':
      return { message: `expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'uniqueItems':
      return { message: `duplicate items: ${describe(e.data, 80)}` };
  }
  return { message: `${e.message ?? e.keyword}; got ${describe(e.data, 60)}` };
}

function typeWord(t: unknown): string {
  switch (t) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    default:
      return `a ${String(t)}`;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Malformed patterns (unknown operators, bad operands) in the places where steps take patterns. */
function patternProblems(data: unknown): { path: (string | number)[]; message: string }[] {
  if (!isObject(data) || !Array.isArray(data.steps)) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  const visitSteps = (steps: unknown[], at: (string | number)[]) => {
    steps.forEach((step: unknown, i) => {
      if (!isObject(step) || Object.keys(step).length !== 1) return;
      const [kind, value] = Object.entries(step)[0]!;
      if (!isObject(value)) return;
      const here = [...at, i, kind];
      const check = (key: string) => {
        if (key in value) out.push(...checkPattern(value[key], [...here, key]));
      };
      switch (kind) {
        case 'expect_response':
        case 'expect_notification':
        case 'expect_request':
          for (const key of Object.keys(value)) if (!['within_ms', 'save', 'allow_exit', 'after'].includes(key)) check(key);
          break;
        case 'expect_notifications':
          ['where', 'count', 'each', 'sequence'].forEach(check);
          break;
        case 'expect_no_message':
        case 'expect_count':
          check('where');
          break;
        case 'expect_peer_message':
          for (const key of Object.keys(value)) if (!['peer', 'within_ms'].includes(key)) check(key);
          break;
        case 'observe':
          check('expect');
          break;
        case 'by_era':
          for (const era of ['legacy', 'modern']) if (Array.isArray(value[era])) visitSteps(value[era] as unknown[], [...here, era]);
          break;
      }
    });
  };
  visitSteps(data.steps, ['steps']);
  return out;
}

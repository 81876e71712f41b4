// Command-line options. Each command's options are defined once, in
// options.schema.json: the parser's configuration is derived from it, and the
// parsed values are checked against it with ajv, so that a typo or a bad value
// gets one line naming the flag and what it takes.
import { parseArgs } from 'node:util';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './options.schema.json' with { type: 'json' };
import { didYouMean } from '../client/match.js';

export type Command = 'run' | 'serve' | 'merge-reports';

/** A bad command line: the message is one line that names the flag. */
export class OptionError extends Error {}

interface Option {
  type?: string;
  enum?: string[];
  items?: { enum?: string[] };
  description?: string;
  'x-list'?: boolean;
  'x-short'?: string;
  'x-env'?: string;
}

type Defs = Record<string, Option & { $ref?: string; properties?: Record<string, Option & { $ref?: string }> }>;
const defs = schema.$defs as unknown as Defs;

/** An option's schema with its `$ref` followed (the option's own keywords win). */
function option(command: Command, name: string): Option | undefined {
  const own = defs[command]!.properties![name];
  if (!own) return undefined;
  const { $ref, ...rest } = own;
  return $ref ? { ...defs[$ref.replace('#/$defs/', '')], ...rest } : rest;
}

/** The values an option's schema enumerates (its `enum`, or its items'). */
export function choices(command: Command, name: string): string[] {
  const o = option(command, name) as { enum?: string[]; items?: { enum?: string[] } } | undefined;
  return o?.enum ?? o?.items?.enum ?? [];
}

export function optionNames(command: Command): string[] {
  return Object.keys(defs[command]!.properties!);
}

const ajv = new Ajv2020({ allErrors: false, strict: true, coerceTypes: true, strictTuples: false });
ajv.addKeyword('x-list').addKeyword('x-short').addKeyword('x-env');
ajv.addSchema(schema);
const validators = new Map<Command, ValidateFunction>();
const validatorOf = (command: Command) => {
  let v = validators.get(command);
  if (!v) validators.set(command, (v = ajv.getSchema(`${schema.$id}#/$defs/${command}`)!));
  return v;
};

/**
 * The options of `command` in `args`, each checked against the schema: numbers are numbers,
 * comma-separated lists are arrays, an option missing from `args` is taken from its `x-env`
 * variable. Throws an OptionError for the first problem.
 */
export function parseOptions(command: Command, args: string[], env: NodeJS.ProcessEnv = process.env, allowPositionals = false): { values: Record<string, unknown>; positionals: string[] } {
  const names = optionNames(command);
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const name of names) {
    const o = option(command, name)!;
    config[name] = {
      type: o.type === 'boolean' ? 'boolean' : 'string',
      ...(o.type === 'array' && !o['x-list'] ? { multiple: true } : {}),
      ...(o['x-short'] ? { short: o['x-short'] } : {}),
    };
  }
  // Not strict: unknown options and misplaced values reach the schema, which names them.
  const { values, positionals, tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });
  const unknown = Object.keys(values).find((k) => !names.includes(k));
  if (unknown !== undefined) {
    const flag = unknown.length === 1 ? `-${unknown}` : `--${unknown}`;
    throw new OptionError(`unknown option ${flag}${didYouMean(unknown, names).replace(/"([^"]+)"/, '"--$1"')}`);
  }
  if (positionals.length && !allowPositionals) throw new OptionError(`unexpected argument ${JSON.stringify(positionals[0])}: every value belongs to an option`);
  const raw: Record<string, unknown> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const o = option(command, token.name)!;
    if (o.type !== 'boolean' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      throw new OptionError(`--${token.name} takes ${o.description ?? 'a value'}, got no value`);
    }
    if (o.type === 'boolean' && token.value !== undefined) throw new OptionError(`--${token.name} takes no value, got ${JSON.stringify(token.value)}`);
  }
  const from: Record<string, string> = {};
  for (const name of names) {
    const o = option(command, name)!;
    let v: unknown = values[name];
    if (v === undefined && o['x-env'] && env[o['x-env']] !== undefined) {
      v = env[o['x-env']];
      from[name] = o['x-env'];
    }
    if (v === undefined) continue;
    raw[name] = v;
    (values as Record<string, unknown>)[name] = o['x-list'] ? String(v).split(',').map((s) => s.trim()).filter(Boolean) : v;
  }
  const validate = validatorOf(command);
  if (!validate(values)) throw new OptionError(message(command, validate.errors![0]!, raw, from));
  return { values, positionals };
}

function message(command: Command, e: ErrorObject, raw: Record<string, unknown>, from: Record<string, string>): string {
  const [, name = '', item] = e.instancePath.split('/');
  const o = option(command, name);
  const given = raw[name];
  // A repeated option: the value at fault; a comma-separated list: the whole list as given.
  const shown = JSON.stringify(Array.isArray(given) ? given[Number(item ?? 0)] : given);
  const what = from[name] ?? `--${name}`;
  if (e.keyword === 'minItems' && o?.['x-list']) return `${what} needs at least one value: it takes ${o.description}, got ${shown}`;
  return `${what} takes ${o?.description ?? 'another value'}, got ${shown}`;
}

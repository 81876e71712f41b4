// Legal variations of what the host writes (the `control-*` entries of
// defects.ts): each gives the same messages in another form MCP allows, so
// that a case which fails under one is shown to be over-strict.
import { defect } from './defects.js';

type JsonObject = Record<string, unknown>;

const EXTRA_META_KEY = 'com.example.control/extra';
const EXTRA_MEMBER = 'xControl';
const DELAY_MS = 50;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const withExtraMeta = (holder: JsonObject): JsonObject => ({
  ...holder,
  _meta: { ...(isObject(holder._meta) ? holder._meta : {}), [EXTRA_META_KEY]: true },
});

/** The message with the extra members the active control adds (results and notification params are open objects). */
function varied(message: object): object {
  const m = message as JsonObject;
  if (defect('control-extra-meta')) {
    if (isObject(m.result)) return { ...m, result: withExtraMeta(m.result) };
    if (typeof m.method === 'string' && m.id === undefined) return { ...m, params: withExtraMeta(isObject(m.params) ? m.params : {}) };
  }
  if (defect('control-extra-members') && isObject(m.result)) return { ...m, result: { ...m.result, [EXTRA_MEMBER]: 1 } };
  return message;
}

/** JSON text with every object's keys in reverse order: the same JSON value. */
function reversedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reversedJson).join(',')}]`;
  if (isObject(value)) {
    const members = Object.keys(value).reverse().map((k) => `${JSON.stringify(k)}:${reversedJson(value[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One message as one line of JSON (without the newline). */
export function serialize(message: object): string {
  const text = JSON.stringify(varied(message));
  // Parsing the standard text first drops what JSON cannot hold (undefined members) exactly as JSON.stringify does.
  return defect('control-reordered-keys') ? reversedJson(JSON.parse(text)) : text;
}

/** How long every message waits before it is written. */
export function outputDelayMs(): number {
  return defect('control-delay') ? DELAY_MS : 0;
}

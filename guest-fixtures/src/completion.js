// `complete` (wit/server.wit): completion values of docs/fixtures.md.
import { TEMPLATES, prompts } from './catalog.js';
import { mcpError } from './errors.js';

const NAMES = ['Ada', 'Alan', 'Alice', 'Grace'];
const STYLES = ['formal', 'friendly', 'funny', 'plain'];

function candidates(ref, argument, resolved) {
  if (ref.tag === 'prompt') {
    if (!prompts().some((p) => p.name === ref.val)) throw mcpError('invalid-params', 'unknown prompt: ' + ref.val, { ref: ref.val });
    if (ref.val !== 'greet') return [];
    if (argument === 'name') return NAMES;
    if (argument === 'style') return resolved.some(([k]) => k === 'name') ? STYLES.concat(['personal']) : STYLES;
    return [];
  }
  if (!TEMPLATES.some((t) => t.uriTemplate === ref.val)) {
    throw mcpError('invalid-params', 'unknown resource template: ' + ref.val, { ref: ref.val });
  }
  return ref.val === 'fixture://greeting/{name}' && argument === 'name' ? NAMES : [];
}

export async function complete(context, ref, [argument, value], resolved) {
  const values = candidates(ref, argument, resolved).filter((v) => v.startsWith(value));
  return { values, total: values.length, hasMore: false };
}

// `get-prompt` (wit/server.wit): the prompts of docs/fixtures.md.
import { prompts } from './catalog.js';
import { embeddedHello, image, text } from './content.js';
import { has } from './defects.js';
import { mcpError, notFound } from './errors.js';
import { ELICIT_TOPIC, inputRequired, requireCapability, response, verifyState } from './round-trips.js';

const message = (role, content) => ({ role, content });
const complete = (messages, description) => ({ tag: 'complete', val: { description: description ?? null, messages, meta: null } });

export async function getPrompt(context, name, args, retry) {
  if (!prompts().some((p) => p.name === name)) throw notFound('prompt-not-found', 'unknown prompt: ' + name, { name });
  const values = new Map(args);
  switch (name) {
    case 'plain':
      return complete([message('user', text(has('wrong-results') ? 'Say goodbye.' : 'Say hello.'))]);
    case 'greet': {
      if (has('ignore-prompt-args')) return complete([message('user', text('Greet someone in a plain style.'))]);
      if (!values.has('name')) {
        throw mcpError('invalid-params', 'prompt greet: missing required argument name', { missing: ['name'] });
      }
      const who = values.get('name');
      const style = values.has('style') ? values.get('style') : 'plain';
      return complete([message('user', text('Greet ' + who + ' in a ' + style + ' style.'))], 'A greeting for ' + who + '.');
    }
    case 'rich':
      return complete([
        message('user', text('Look at this.')),
        message('assistant', text('I see.')),
        message('user', image()),
        message('user', embeddedHello()),
      ]);
    case 'guarded':
      return guarded(context, retry);
    case 'extra':
      return complete([message('user', text('extra'))]);
    default:
      throw mcpError('internal-error', 'prompt ' + name + ' has no implementation');
  }
}

function guarded(context, retry) {
  requireCapability(context, 'elicitation');
  const ask = { tag: 'input-required', val: inputRequired([['topic', 'elicitation/create', ELICIT_TOPIC]], 'guarded:v1') };
  if (!retry) return ask;
  verifyState(retry, 'guarded:v1');
  const answer = response(retry, 'topic');
  if (answer === undefined) return ask;
  const topic = answer && answer.action === 'accept' && answer.content ? answer.content.topic : undefined;
  if (typeof topic !== 'string') throw mcpError('invalid-params', 'the client gave no topic');
  return complete([message('user', text('Write about ' + topic + '.'))]);
}

// `call-tool` (wit/streaming.wit): every tool of docs/fixtures.md. The call
// returns its events stream and outcome future at once; `slow` and `log`
// keep writing events afterwards, the peer tools resolve the outcome when
// their peer answers (return-then-continue).
import { ERROR_CODES, LOG_LEVELS, findResource, findTool } from './catalog.js';
import { emit } from './changes.js';
import { gallery, textResult } from './content.js';
import { has, isPoisoned, poison, trap } from './defects.js';
import { mcpError, notFound } from './errors.js';
import {
  background, dropCancel, dropWritable, elapsedMs, ignore, sleepRacing, startClock, watchCancel, writeFuture,
  writeRacing,
} from './io.js';
import { newCancellationRecord, report } from './observations.js';
import { PEER_TOOLS, peerTool } from './peers.js';
import {
  ELICIT_CONFIRM, SAMPLE_NUMBER, inputRequired, requireCapability, response, verifyState,
} from './round-trips.js';
import { state } from './state.js';
import { PROFILE } from './variant.js';

const complete = (result) => ({ tag: 'ok', val: { tag: 'complete', val: result } });
const needsInput = (value) => ({ tag: 'ok', val: { tag: 'input-required', val: value } });
const failed = (error) => ({ tag: 'err', val: error });

function parseArguments(json) {
  let args;
  try {
    args = JSON.parse(json);
  } catch (e) {
    throw mcpError('invalid-params', 'arguments are not JSON: ' + String(e));
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw mcpError('invalid-params', 'arguments are not a JSON object');
  }
  return args;
}

export async function callTool(context, name, argumentsJson, retry, cancel) {
  if (isPoisoned()) trap('a cancellation was observed earlier (trap-on-cancel)');
  let run;
  try {
    if (!findTool(name)) throw notFound('tool-not-found', 'unknown tool: ' + name, { name });
    if (name === 'crash') trap('the crash tool');
    if (name === 'echo' && has('trap')) trap('echo (trap defect)');
    const args = parseArguments(argumentsJson);
    run = name === 'slow' ? slow(args)
      : name === 'log' ? logTool(args)
      : PEER_TOOLS.indexOf(name) >= 0 ? peerTool(name, args)
      : immediate(name, args, context, retry);
  } catch (e) {
    dropCancel(cancel);
    throw e;
  }
  const events = wit.Stream(wit.Stream.CALL_EVENT);
  const outcome = wit.Future(wit.Future.RESULT_TOOL_OUTCOME_ERROR);
  if (typeof run === 'function') {
    background(() => run(events.writable, outcome.writable, cancel));
  } else {
    dropCancel(cancel);
    dropWritable(events.writable);
    writeFuture(outcome.writable, run);
  }
  return { events: events.readable, outcome: outcome.readable };
}

/** The outcome of a tool that has no events; protocol errors of the call itself are thrown. */
function immediate(name, args, context, retry) {
  switch (name) {
    case 'echo':
      if (typeof args.text !== 'string') return complete(textResult('echo needs a string argument "text"', true));
      return complete(textResult(has('wrong-results') ? args.text.toUpperCase() : args.text));
    case 'add': {
      const { a, b } = args;
      if (typeof a !== 'number' || typeof b !== 'number') {
        if (has('wrong-results')) throw mcpError('invalid-params', 'add needs two numbers, a and b');
        return complete(textResult('add needs two numbers, a and b', true));
      }
      const sum = has('wrong-results') ? a + b + 1 : a + b;
      return complete(textResult(JSON.stringify({ sum }), false, { sum }));
    }
    case 'fail':
      return complete(textResult('the tool failed on purpose', !has('wrong-results')));
    case 'observations': {
      const found = typeof args.key === 'string' ? report(args.kind, args.key) : null;
      if (found === null) {
        return complete(textResult('observations needs kind ("stream", "cancellation" or "changes") and a string key', true));
      }
      return complete(textResult(JSON.stringify(found), false, found));
    }
    case 'context': {
      const seen = describeContext(context);
      return complete(textResult(JSON.stringify(seen), false, seen));
    }
    case 'gallery':
      return complete(gallery());
    case 'confirm':
      return confirm(context, retry);
    case 'retry-later':
      if (!retry) return needsInput(inputRequired([], 'later:v1:1'));
      verifyState(retry, 'later:v1:1');
      return complete(textResult('done after a retry'));
    case 'sample':
      return sample(context, retry);
    case 'roots':
      return roots(context, retry);
    case 'change':
      return complete(change(args));
    case 'raise':
      return raise(args);
    case 'extra':
      return complete(textResult('extra'));
    default:
      throw mcpError('internal-error', 'tool ' + name + ' has no implementation');
  }
}

function parseJson(text) {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

function describeContext(context) {
  const info = context.clientInfo;
  const trace = context.trace || {};
  return {
    protocolVersion: context.protocolVersion,
    clientInfo: info
      ? {
        name: info.name,
        version: info.version,
        title: info.title ?? null,
        description: info.description ?? null,
        websiteUrl: info.websiteUrl ?? null,
      }
      : null,
    clientCapabilities: parseJson(context.clientCapabilities),
    logLevel: context.logLevel ?? null,
    trace: { traceparent: trace.traceparent ?? null, tracestate: trace.tracestate ?? null, baggage: trace.baggage ?? null },
    meta: parseJson(context.meta),
  };
}

function confirm(context, retry) {
  requireCapability(context, 'elicitation');
  const ask = needsInput(inputRequired([['confirm', 'elicitation/create', ELICIT_CONFIRM]], 'confirm:v1:7f3a'));
  if (!retry) return ask;
  verifyState(retry, 'confirm:v1:7f3a');
  const answer = response(retry, 'confirm');
  if (answer === undefined) return ask;
  const action = answer && answer.action;
  if (action === 'accept') {
    const ok = answer.content && answer.content.ok === true;
    return complete(textResult(ok ? 'confirmed' : 'not confirmed'));
  }
  if (action === 'decline') return complete(textResult('declined'));
  if (action === 'cancel') return complete(textResult('cancelled'));
  throw mcpError('invalid-params', 'the response to confirm is not an elicitation result');
}

function sampledText(answer) {
  const content = answer && answer.content;
  const blocks = Array.isArray(content) ? content : [content];
  for (const block of blocks) {
    if (block && block.type === 'text' && typeof block.text === 'string') return block.text;
  }
  return null;
}

function sample(context, retry) {
  requireCapability(context, 'sampling');
  const ask = needsInput(inputRequired([['answer', 'sampling/createMessage', SAMPLE_NUMBER]], 'sample:v1'));
  if (!retry) return ask;
  verifyState(retry, 'sample:v1');
  const answer = response(retry, 'answer');
  if (answer === undefined) return ask;
  const said = sampledText(answer);
  if (said === null) throw mcpError('invalid-params', 'the response to answer has no text content');
  return complete(textResult('the model said: ' + said));
}

function roots(context, retry) {
  requireCapability(context, 'roots');
  const ask = needsInput(inputRequired([['roots', 'roots/list', {}]], 'roots:v1'));
  if (!retry) return ask;
  verifyState(retry, 'roots:v1');
  const answer = response(retry, 'roots');
  if (answer === undefined) return ask;
  if (!answer || !Array.isArray(answer.roots)) throw mcpError('invalid-params', 'the response to roots has no roots');
  const uris = answer.roots.map((r) => (r && typeof r.uri === 'string' ? r.uri : null));
  return complete(textResult(uris.length + ' roots', false, { roots: uris }));
}

function change(args) {
  const what = args.what;
  if (what === 'tools') {
    state.extraTool = !state.extraTool;
    emit({ tag: 'tools-list-changed' }, 'tools');
  } else if (what === 'prompts') {
    state.extraPrompt = !state.extraPrompt;
    emit({ tag: 'prompts-list-changed' }, 'prompts');
  } else if (what === 'resources') {
    state.extraResource = !state.extraResource;
    emit({ tag: 'resources-list-changed' }, 'resources');
  } else if (what === 'resource') {
    const uri = args.uri;
    if (typeof uri !== 'string' || PROFILE === 'minimal' || !findResource(uri)) {
      throw mcpError('invalid-params', 'change {what: resource} needs the uri of a listed resource', { uri: uri ?? null });
    }
    if (uri === 'fixture://counter') state.counter++;
    emit({ tag: 'resource-updated', val: uri }, 'resource:' + uri);
  } else {
    throw mcpError('invalid-params', 'change needs what: tools, prompts, resources or resource', { what: what ?? null });
  }
  return textResult('changed ' + what);
}

function raise(args) {
  const code = args.code;
  if (ERROR_CODES.indexOf(code) < 0) return complete(textResult('raise: unknown error code ' + JSON.stringify(code), true));
  const message = typeof args.message === 'string' ? args.message : 'raised ' + code;
  return failed({ code, message, data: args.data === undefined ? null : JSON.stringify(args.data) });
}

function isCount(v) {
  return typeof v === 'number' && Math.floor(v) === v && v >= 0 && v <= 1000000;
}

/** `log`: validated at once, written as events afterwards. */
function logTool(args) {
  const messages = args.messages;
  const valid = Array.isArray(messages) && messages.every((m) =>
    m !== null && typeof m === 'object' && LOG_LEVELS.indexOf(m.level) >= 0 &&
    (m.logger === undefined || m.logger === null || typeof m.logger === 'string'));
  if (!valid) {
    return complete(textResult('log needs messages: [{level, data, logger?}] with a log level of RFC 5424', true));
  }
  return async (events, outcome) => {
    let written = 0;
    try {
      for (const m of messages) {
        const event = {
          tag: 'log',
          val: { level: m.level, logger: m.logger ?? null, data: JSON.stringify(m.data === undefined ? null : m.data) },
        };
        const { count } = await writeRacing(events, [event], null);
        if (count === 0) break;
        written++;
      }
    } catch (e) {
      ignore(e);
    }
    dropWritable(events);
    writeFuture(outcome, complete(textResult('logged ' + written)));
  };
}

const WATCHES = ['both', 'future', 'stream'];

/** `slow`: validated at once, then steps with progress (and log) events until done or cancelled. */
function slow(args) {
  const steps = args.steps === undefined ? 20 : args.steps;
  const stepMs = args.step_ms === undefined ? 100 : args.step_ms;
  const label = args.label === undefined ? '' : args.label;
  const log = args.log === undefined ? false : args.log;
  const watch = args.watch === undefined ? 'both' : args.watch;
  if (!isCount(steps) || !isCount(stepMs) || typeof label !== 'string' || typeof log !== 'boolean' || WATCHES.indexOf(watch) < 0) {
    return complete(textResult(
      'slow needs integers steps and step_ms (0..1000000), a string label, a boolean log and watch "both", "future" or "stream"',
      true,
    ));
  }
  return (events, outcome, cancel) => runSlow({ steps, stepMs, label, log, watch }, events, outcome, cancel);
}

async function runSlow({ steps, stepMs, label, log, watch }, events, outcome, cancel) {
  // The signs of cancellation this call heeds (`watch`); `ignore-cancel` heeds none.
  const ignoreCancel = has('ignore-cancel');
  const heedFuture = !ignoreCancel && watch !== 'stream';
  const heedStream = !ignoreCancel && watch !== 'future';
  const t0 = startClock();
  const obs = newCancellationRecord(label);
  const future = heedFuture ? watchCancel(cancel) : null;
  // Not heeded: never read. `stream` keeps it until the call ends, as a watched one is kept.
  if (ignoreCancel) dropCancel(cancel);
  let dropped = false;
  let via = null;
  let result = null;
  try {
    // Writes one event: `taken` whether the step counts as done, `go` whether the call goes on.
    const write = async (event) => {
      if (dropped) return { taken: true, go: true }; // a dropped stream not heeded
      const { count, cancelled } = await writeRacing(events, [event], future);
      if (cancelled) via = 'cancel-future';
      if (count === 0) {
        dropped = true;
        if (heedStream && !cancelled) via = 'stream-dropped';
        return { taken: !heedStream, go: !heedStream && !cancelled };
      }
      return { taken: true, go: !cancelled };
    };
    const progress = (n) => ({ tag: 'progress', val: { progress: n, total: steps, message: 'step ' + n + ' of ' + steps } });
    const logStep = (n) => ({ tag: 'log', val: { level: 'info', logger: 'slow', data: JSON.stringify({ step: n }) } });
    let stopped = false;
    for (let i = 1; i <= steps && !stopped; i++) {
      if (!(await sleepRacing(stepMs, future))) {
        via = 'cancel-future';
        stopped = true;
        break;
      }
      const r = await write(progress(i));
      if (r.taken) obs.steps_completed = i;
      if (!r.go) { stopped = true; break; }
      if (log && !(await write(logStep(i))).go) { stopped = true; break; }
      if (has('progress-regress') && i === 2 && !(await write(progress(1))).go) { stopped = true; break; }
    }
    if (stopped) {
      if (has('trap-on-cancel')) poison();
      obs.observed = true;
      obs.via = via;
      obs.reason = future && future.fired ? future.reason : null;
      obs.elapsed_ms = elapsedMs(t0);
      result = complete(textResult('cancelled after ' + obs.steps_completed + ' steps (' + via + ')', true));
    } else {
      obs.completed = true;
      obs.elapsed_ms = elapsedMs(t0);
      result = complete(textResult('completed ' + steps + ' steps'));
    }
  } catch (e) {
    obs.elapsed_ms = elapsedMs(t0);
    result = failed(mcpError('internal-error', 'slow: ' + String(e)));
  }
  dropWritable(events);
  writeFuture(outcome, result);
  if (future) await future.close();
  else if (!ignoreCancel) dropCancel(cancel);
}

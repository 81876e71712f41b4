// The suite's fixture server (docs/fixtures.md): a wasi:mcp server component
// written for componentize-qjs (QuickJS). One source builds two fixtures:
// `reference` as is, `mutant` with DEFECTS_ENABLED set to true by
// guest-fixtures/build.mjs.
//
// QuickJS guest rules (TOOLCHAIN.md): no console, setTimeout, TextEncoder;
// u64 values are JS numbers; an uncaught exception traps the instance, so
// every background task catches everything.

import { waitFor, now } from 'wasi:clocks/monotonic-clock@0.3.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

const DEFECTS_ENABLED = false;

// ---------------------------------------------------------------- defects

const DEFECTS = [
  'none', 'ignore-cancel', 'truncated-stream', 'progress-regress', 'wrong-results', 'trap',
  'stdout-garbage', 'wrong-errors', 'short-lists', 'ignore-prompt-args', 'text-as-blob',
  'hang-on-read', 'bad-initialize', 'trap-on-cancel',
];

/** Set by `trap-on-cancel` once a cancellation was observed: every later call traps. */
let poisoned = false;

let defectValue = null;

/** The active defect; always 'none' in the reference (which never reads the environment). */
function defect() {
  if (!DEFECTS_ENABLED) return 'none';
  if (defectValue === null) {
    let value = 'none';
    for (const [key, val] of getEnvironment()) {
      if (key === 'WASI_MCP_FIXTURE_DEFECT' && val !== '') value = val;
    }
    defectValue = value;
  }
  return defectValue;
}

function has(name) {
  return DEFECTS_ENABLED && defect() === name;
}

// ---------------------------------------------------------------- helpers

const NS_PER_MS = 1000000;

function elapsedMs(t0) {
  return Math.round((now() - t0) / 1000) / 1000;
}

function mcpError(code, message, data) {
  return { code, message, data: data === undefined ? null : JSON.stringify(data) };
}

/** Errors for unknown names: the `wrong-errors` defect turns them into internal errors. */
function notFound(code, message, data) {
  return mcpError(has('wrong-errors') ? 'internal-error' : code, message, data);
}

function utf8(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.codePointAt(i);
    if (c > 0xffff) i++;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

function textResult(text, isError, structured) {
  return {
    content: [{ tag: 'text', val: text }],
    structuredContent: structured === undefined ? null : JSON.stringify(structured),
    isError: !!isError,
  };
}

function ignore() {}

/** A `future<string>` cancel parameter, watched until `close()`. */
function watchCancel(cancel) {
  const watch = { fired: false, via: null, reason: null, promise: null, close: null };
  let fire;
  watch.promise = new Promise((resolve) => { fire = resolve; });
  let settled = false;
  let closed = false;
  let read;
  try {
    read = cancel.read();
  } catch (e) {
    read = Promise.reject(e);
  }
  read.then(
    (reason) => {
      settled = true;
      if (closed) return;
      watch.fired = true;
      watch.via = 'cancel-future';
      watch.reason = reason;
      fire();
    },
    () => { settled = true; }, // the host dropped the future unwritten: no cancellation
  );
  watch.close = async () => {
    if (closed) return;
    closed = true;
    if (!settled) {
      try { cancel.cancelRead(); } catch (e) { ignore(e); }
      try { await read; } catch (e) { ignore(e); }
    }
    try { cancel.drop(); } catch (e) { ignore(e); }
  };
  return watch;
}

/** A cancel future the call will not watch (`ignore-cancel`, hangs, short calls). */
function dropCancel(cancel) {
  try { cancel.drop(); } catch (e) { ignore(e); }
}

/**
 * Writes `data` to a stream writable, racing the cancel watch (if any).
 * Returns `{count, cancelled}`: `count` is what the reader took (0: the
 * reader is gone), `cancelled` whether the write was given up because the
 * watch fired (`count` then says what was taken before it stopped).
 */
async function writeRacing(writable, data, watch) {
  let write;
  try {
    write = writable.write(data);
  } catch (e) {
    // A write that completed with the reader gone resolves with its count
    // but leaves the endpoint closed: the next write throws at once.
    if (/idle endpoint|already dropped/.test(String(e))) return { count: 0, cancelled: false };
    throw e;
  }
  if (!watch) return { count: await write, cancelled: false };
  let done = false;
  const first = await Promise.race([
    write.then((n) => { done = true; return n; }),
    watch.promise.then(() => -1),
  ]);
  if (first !== -1) return { count: first, cancelled: false };
  if (done) return { count: await write, cancelled: false };
  try { writable.cancelWrite(); } catch (e) { ignore(e); }
  let count = 0;
  try { count = await write; } catch (e) { ignore(e); }
  return { count: typeof count === 'number' ? count : 0, cancelled: true };
}

/** Sleeps `ms` in slices, returning early (false) when the watch fires. */
async function sleepRacing(ms, watch) {
  let left = ms;
  while (left > 0) {
    if (watch && watch.fired) return false;
    const slice = Math.min(left, 50);
    left -= slice;
    if (watch) {
      await Promise.race([waitFor(slice * NS_PER_MS), watch.promise]);
    } else {
      await waitFor(slice * NS_PER_MS);
    }
  }
  return !(watch && watch.fired);
}

function writeFuture(writable, value) {
  try {
    writable.write(value).then(ignore, ignore);
  } catch (e) {
    ignore(e);
  }
}

// ---------------------------------------------------------------- observations

const streamObservations = new Map();
const hanging = [];
const cancelObservations = new Map();

// ---------------------------------------------------------------- server

const SERVER_INFO = { name: 'wasi-mcp-reference-fixture', version: '0.1.0', title: null };
const INSTRUCTIONS = 'Reference fixture of wasi-mcp-conformance.';

const TOOLS = [
  {
    name: 'echo',
    title: 'Echo',
    description: 'Returns its text.',
    inputSchema: JSON.stringify({
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    }),
    outputSchema: null,
  },
  {
    name: 'add',
    title: 'Add',
    description: 'Adds two numbers.',
    inputSchema: JSON.stringify({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    }),
    outputSchema: JSON.stringify({
      type: 'object',
      properties: { sum: { type: 'number' } },
      required: ['sum'],
    }),
  },
  {
    name: 'fail',
    title: 'Fail',
    description: 'Always fails (a tool execution error).',
    inputSchema: JSON.stringify({ type: 'object', properties: {} }),
    outputSchema: null,
  },
  {
    name: 'slow',
    title: 'Slow',
    description: 'Reports progress for a number of steps; stops when cancelled.',
    inputSchema: JSON.stringify({
      type: 'object',
      properties: {
        steps: { type: 'integer', minimum: 0, default: 20 },
        step_ms: { type: 'integer', minimum: 0, default: 100 },
        label: { type: 'string', default: '' },
      },
    }),
    outputSchema: null,
  },
  {
    name: 'observations',
    title: 'Observations',
    description: 'What the fixture recorded about streams and cancellations.',
    inputSchema: JSON.stringify({
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['stream', 'cancellation'] },
        key: { type: 'string' },
      },
      required: ['kind', 'key'],
    }),
    outputSchema: null,
  },
];

const TOOL_PAGE_SIZE = 3;

const LARGE_SIZE = 1 << 20;
const LARGE_CHUNK = 1 << 16;

const RESOURCES = [
  {
    uri: 'fixture://text/hello.txt',
    name: 'hello.txt',
    title: 'Hello',
    description: 'A short text.',
    mimeType: 'text/plain',
    size: 31,
  },
  {
    uri: 'fixture://binary/bytes.bin',
    name: 'bytes.bin',
    title: 'Bytes',
    description: 'The 256 bytes 0..255.',
    mimeType: 'application/octet-stream',
    size: 256,
  },
  {
    uri: 'fixture://large/1mib.bin',
    name: '1mib.bin',
    title: 'One MiB',
    description: '1 MiB, byte i is i % 251, in chunks of 64 KiB.',
    mimeType: 'application/octet-stream',
    size: LARGE_SIZE,
  },
];

const TEMPLATES = [
  {
    uriTemplate: 'fixture://greeting/{name}',
    name: 'greeting',
    title: 'Greeting',
    description: 'A greeting for NAME.',
    mimeType: 'text/plain',
  },
];

const PROMPTS = [
  {
    name: 'plain',
    title: 'Plain',
    description: 'A prompt without arguments.',
    arguments: [],
  },
  {
    name: 'greet',
    title: 'Greet',
    description: 'Asks to greet someone.',
    arguments: [
      { name: 'name', description: 'Who to greet.', required: true },
      { name: 'style', description: 'How to greet (default: plain).', required: false },
    ],
  },
];

/** Lists with no pages of their own: a cursor is never valid. */
function singlePage(items, cursor) {
  if (cursor !== null && cursor !== undefined) {
    throw mcpError('invalid-params', 'invalid cursor', { cursor });
  }
  if (has('short-lists')) return items.slice(0, items.length - 1);
  return items;
}

function toolPage(cursor) {
  if (has('short-lists')) {
    return { tools: TOOLS.slice(0, TOOLS.length - 1), nextCursor: null };
  }
  let start = 0;
  if (cursor !== null && cursor !== undefined) {
    const m = /^tools:([0-9]+)$/.exec(cursor);
    start = m ? Number(m[1]) : -1;
    if (start <= 0 || start >= TOOLS.length) {
      throw mcpError('invalid-params', 'invalid cursor', { cursor });
    }
  }
  const end = start + TOOL_PAGE_SIZE;
  return {
    tools: TOOLS.slice(start, end),
    nextCursor: end < TOOLS.length ? 'tools:' + end : null,
  };
}

export const server = {
  async initialize(client) {
    if (DEFECTS_ENABLED) {
      const d = defect();
      if (DEFECTS.indexOf(d) < 0) {
        throw mcpError('internal-error', 'unknown WASI_MCP_FIXTURE_DEFECT: ' + d, { defect: d });
      }
      if (d === 'stdout-garbage') {
        getStdout().blockingWriteAndFlush(utf8('this line is not JSON-RPC (stdout-garbage defect)\n'));
      }
    }
    if (has('bad-initialize')) {
      return {
        info: { name: 'someone-else', version: '9.9.9', title: null },
        capabilities: { tools: null, resources: { subscribe: false, listChanged: false }, prompts: { listChanged: false }, logging: true },
        instructions: null,
      };
    }
    return {
      info: SERVER_INFO,
      capabilities: {
        tools: { listChanged: false },
        resources: { subscribe: false, listChanged: false },
        prompts: { listChanged: false },
        logging: false,
      },
      instructions: INSTRUCTIONS,
    };
  },

  async listTools(cursor) {
    return toolPage(cursor);
  },

  async listResources(cursor) {
    return { resources: singlePage(RESOURCES, cursor), nextCursor: null };
  },

  async listResourceTemplates(cursor) {
    return { resourceTemplates: singlePage(TEMPLATES, cursor), nextCursor: null };
  },

  async listPrompts(cursor) {
    return { prompts: singlePage(PROMPTS, cursor), nextCursor: null };
  },

  async getPrompt(name, args) {
    const values = new Map();
    for (const [key, value] of args) values.set(key, value);
    const message = (text) => ({
      description: null,
      messages: [{ role: 'user', content: { tag: 'text', val: text } }],
    });
    if (name === 'plain') return message(has('wrong-results') ? 'Say goodbye.' : 'Say hello.');
    if (name === 'greet') {
      if (has('ignore-prompt-args')) return message('Greet someone in a plain style.');
      if (!values.has('name')) {
        throw mcpError('invalid-params', 'prompt greet: missing required argument name', {
          missing: ['name'],
        });
      }
      const style = values.has('style') ? values.get('style') : 'plain';
      return message('Greet ' + values.get('name') + ' in a ' + style + ' style.');
    }
    throw notFound('prompt-not-found', 'unknown prompt: ' + name, { name });
  },
};

// ---------------------------------------------------------------- tools

function runTool(name, args) {
  switch (name) {
    case 'echo': {
      if (typeof args.text !== 'string') {
        return textResult('echo needs a string argument "text"', true);
      }
      return textResult(has('wrong-results') ? args.text.toUpperCase() : args.text);
    }
    case 'add': {
      const { a, b } = args;
      if (typeof a !== 'number' || typeof b !== 'number') {
        if (has('wrong-results')) throw mcpError('invalid-params', 'add needs two numbers, a and b');
        return textResult('add needs two numbers, a and b', true);
      }
      const sum = has('wrong-results') ? a + b + 1 : a + b;
      return textResult(String(sum), false, { sum });
    }
    case 'fail':
      return textResult('the tool failed on purpose', !has('wrong-results'));
    case 'observations': {
      const { kind, key } = args;
      if ((kind !== 'stream' && kind !== 'cancellation') || typeof key !== 'string') {
        return textResult('observations needs kind ("stream" or "cancellation") and a string key', true);
      }
      const table = kind === 'stream' ? streamObservations : cancelObservations;
      const found = table.get(key);
      const report = found ? Object.assign({ found: true }, found) : { found: false };
      return textResult(JSON.stringify(report), false, report);
    }
    default:
      return null;
  }
}

function isInt(v) {
  return typeof v === 'number' && Math.floor(v) === v && v >= 0 && v <= 1000000;
}

async function runSlow(steps, stepMs, label, progress, outcome, cancel) {
  const ignoreCancel = has('ignore-cancel');
  const regress = has('progress-regress');
  const t0 = now();
  const obs = {
    observed: false,
    via: null,
    elapsed_ms: null,
    steps_completed: 0,
    completed: false,
  };
  cancelObservations.set(label, obs);
  const watch = ignoreCancel ? null : watchCancel(cancel);
  if (ignoreCancel) dropCancel(cancel);
  let dropped = false;
  let via = null;
  let result;
  try {
    // Writes one report: `taken` whether the step counts as done, `go`
    // whether the call goes on.
    const report = async (value) => {
      if (dropped) return { taken: true, go: true }; // ignore-cancel only
      const { count, cancelled } = await writeRacing(
        progress.writable,
        [{ progress: value, total: steps, message: null }],
        watch,
      );
      if (cancelled) via = 'cancel-future';
      if (count === 0) {
        dropped = true;
        if (!ignoreCancel && !cancelled) via = 'stream-dropped';
        return { taken: ignoreCancel, go: ignoreCancel && !cancelled };
      }
      return { taken: true, go: !cancelled };
    };
    let stopped = false;
    for (let i = 1; i <= steps; i++) {
      if (!(await sleepRacing(stepMs, watch))) { via = 'cancel-future'; stopped = true; break; }
      const r = await report(i);
      if (r.taken) obs.steps_completed = i;
      if (!r.go) { stopped = true; break; }
      if (regress && i === 2 && !(await report(1)).go) { stopped = true; break; }
    }
    if (stopped) {
      if (has('trap-on-cancel')) poisoned = true;
      obs.observed = true;
      obs.via = via;
      obs.elapsed_ms = elapsedMs(t0);
      result = textResult(
        'cancelled after ' + obs.steps_completed + ' steps (' + obs.via + ')',
        true,
      );
    } else {
      obs.completed = true;
      obs.elapsed_ms = elapsedMs(t0);
      result = textResult('completed ' + steps + ' steps');
    }
  } catch (e) {
    obs.elapsed_ms = elapsedMs(t0);
    result = null;
    writeFuture(outcome.writable, { tag: 'err', val: mcpError('internal-error', 'slow: ' + String(e)) });
  }
  try { progress.writable.drop(); } catch (e) { ignore(e); }
  if (result) writeFuture(outcome.writable, { tag: 'ok', val: result });
  if (watch) await watch.close();
}

export const streaming = {
  async callTool(name, argsJson, cancel) {
    if (poisoned || (name === 'echo' && has('trap'))) {
      // A thrown value that cannot be lowered to `error`: the component traps.
      throw 'trap defect';
    }
    let args;
    try {
      args = JSON.parse(argsJson);
    } catch (e) {
      dropCancel(cancel);
      throw mcpError('invalid-params', 'arguments are not JSON: ' + String(e));
    }
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      dropCancel(cancel);
      throw mcpError('invalid-params', 'arguments are not a JSON object');
    }
    const isKnown = TOOLS.some((t) => t.name === name);
    if (!isKnown) {
      dropCancel(cancel);
      throw notFound('tool-not-found', 'unknown tool: ' + name, { name });
    }
    const progress = wit.Stream(wit.Stream.PROGRESS);
    const outcome = wit.Future(wit.Future.RESULT_TOOL_RESULT_ERROR);
    if (name === 'slow') {
      const steps = args.steps === undefined ? 20 : args.steps;
      const stepMs = args.step_ms === undefined ? 100 : args.step_ms;
      const label = args.label === undefined ? '' : args.label;
      if (!isInt(steps) || !isInt(stepMs) || typeof label !== 'string') {
        dropCancel(cancel);
        progress.writable.drop();
        writeFuture(outcome.writable, {
          tag: 'ok',
          val: textResult('slow needs integers steps and step_ms (0..1000000) and a string label', true),
        });
      } else {
        runSlow(steps, stepMs, label, progress, outcome, cancel).then(ignore, ignore);
      }
    } else {
      dropCancel(cancel);
      const result = runTool(name, args);
      progress.writable.drop();
      writeFuture(outcome.writable, { tag: 'ok', val: result });
    }
    return { progress: progress.readable, outcome: outcome.readable };
  },

  async readResource(uri, cancel) {
    let bytes = null;
    let chunked = false;
    let mimeType = 'text/plain';
    let kind = 'text';
    if (uri === 'fixture://text/hello.txt') {
      bytes = utf8('Hello from a wasi:mcp fixture.\n');
    } else if (uri === 'fixture://binary/bytes.bin') {
      bytes = new Uint8Array(256);
      for (let i = 0; i < 256; i++) bytes[i] = has('text-as-blob') ? 255 - i : i;
      mimeType = 'application/octet-stream';
      kind = 'blob';
    } else if (uri === 'fixture://large/1mib.bin') {
      chunked = true;
      mimeType = 'application/octet-stream';
      kind = 'blob';
    } else if (uri.startsWith('fixture://greeting/')) {
      let name = uri.slice('fixture://greeting/'.length);
      if (name !== '' && name.indexOf('/') < 0 && name.indexOf('?') < 0 && name.indexOf('#') < 0) {
        try { name = decodeURIComponent(name); } catch (e) { ignore(e); }
        if (has('wrong-results')) name = name.toLowerCase();
        bytes = utf8('Hello, ' + name + '!');
      }
    }
    if (bytes === null && !chunked) {
      dropCancel(cancel);
      throw notFound('resource-not-found', 'unknown resource: ' + uri, { uri });
    }
    if (kind === 'text' && has('text-as-blob')) kind = 'blob';

    const body = wit.Stream(wit.Stream.U8);
    const end = wit.Future(wit.Future.RESULT_VOID_ERROR);
    const obs = { writes: [], requested: [], total: 0, ended: false, dropped: false };
    streamObservations.set(uri, obs);
    if (has('hang-on-read')) {
      // Never write, never close: the read does not end. The endpoints are
      // kept reachable so that nothing drops them.
      dropCancel(cancel);
      hanging.push(body, end);
    } else {
      writeBody(body, end, obs, bytes, chunked, watchCancel(cancel)).then(ignore, ignore);
    }
    return { uri, mimeType, kind, body: body.readable, end: end.readable };
  },
};

let pattern = null;

/** LARGE_CHUNK + 251 bytes of i % 251: every chunk of the large resource is a slice of it. */
function largePattern() {
  if (pattern === null) {
    pattern = new Uint8Array(LARGE_CHUNK + 251);
    for (let i = 0; i < pattern.length; i++) pattern[i] = i % 251;
  }
  return pattern;
}

async function writeBody(body, end, obs, bytes, chunked, watch) {
  let error = null;
  try {
    const chunks = [];
    if (chunked) {
      const count = has('truncated-stream') ? LARGE_SIZE / LARGE_CHUNK - 1 : LARGE_SIZE / LARGE_CHUNK;
      const pattern = largePattern();
      for (let c = 0; c < count; c++) {
        const offset = (c * LARGE_CHUNK) % 251;
        chunks.push(pattern.slice(offset, offset + LARGE_CHUNK));
      }
    } else {
      chunks.push(bytes);
    }
    outer: for (const chunk of chunks) {
      let rest = chunk;
      while (rest.length > 0) {
        if (watch.fired) {
          error = mcpError('internal-error', 'read cancelled: ' + String(watch.reason));
          break outer;
        }
        obs.requested.push(rest.length);
        const { count, cancelled } = await writeRacing(body.writable, rest, watch);
        obs.writes.push(count);
        obs.total += count;
        if (cancelled) {
          error = mcpError('internal-error', 'read cancelled: ' + String(watch.reason));
          break outer;
        }
        if (count === 0) {
          obs.dropped = true;
          error = mcpError('internal-error', 'the reader dropped the body');
          break outer;
        }
        rest = rest.slice(count);
      }
    }
    if (!error) obs.ended = true;
  } catch (e) {
    error = mcpError('internal-error', 'read failed: ' + String(e));
  }
  try { body.writable.drop(); } catch (e) { ignore(e); }
  writeFuture(end.writable, error ? { tag: 'err', val: error } : { tag: 'ok' });
  await watch.close();
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPattern, getPath, isOperator, match } from '../../harness/client/match.js';

const ok = (pattern: unknown, actual: unknown, options?: { timingScale?: number }) => expect(match(pattern, actual, options)).toEqual([]);
const fails = (pattern: unknown, actual: unknown, options?: { timingScale?: number }) => {
  const ms = match(pattern, actual, options);
  expect(ms.length).toBeGreaterThan(0);
  return ms;
};
const texts = (pattern: unknown, actual: unknown) => match(pattern, actual).map((m) => `${m.path}: ${m.message}`);

describe('structural matching', () => {
  it('scalars match equal scalars only', () => {
    ok('hi', 'hi');
    ok(5, 5);
    ok(null, null);
    ok(true, true);
    expect(texts('hi', 'HI')).toEqual(['$: expected "hi", got "HI"']);
    fails(5, '5');
    fails(null, 0);
    fails(false, null);
  });

  it('maps are subset matches and report the path of the difference', () => {
    const response = { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'HI' }], extra: true } };
    ok({ id: 1, result: { content: [{ type: 'text' }] } }, response);
    expect(texts({ id: 1, result: { content: [{ type: 'text', text: 'hi' }] } }, response)).toEqual([
      '$.result.content[0].text: expected "hi", got "HI"',
    ]);
  });

  it('reports a missing key and a non-map', () => {
    expect(texts({ result: { nextCursor: 'x' } }, { result: {} })).toEqual([
      '$.result.nextCursor: expected "x", got no value (the key is missing)',
    ]);
    expect(texts({ a: { b: 1 } }, { a: [1] })).toEqual(['$.a: expected an object, got [1]']);
  });

  it('quotes keys that are not identifiers in paths', () => {
    expect(texts({ 'a b': { 'c-d': 1 } }, { 'a b': { 'c-d': 2 } })).toEqual(['$["a b"]["c-d"]: expected 1, got 2']);
  });

  it('lists match item by item and need the same length', () => {
    ok([1, { a: 2 }], [1, { a: 2, b: 3 }]);
    expect(texts([1, 2], [1, 3])).toEqual(['$[1]: expected 2, got 3']);
    expect(texts([1], [1, 2])).toEqual(['$: expected a list of 1 item, got 2: [1,2]']);
    fails([1], { 0: 1 });
  });

  it('collects every mismatch, not only the first', () => {
    expect(match({ a: 1, b: 2 }, { a: 0, b: 0 }).map((m) => m.path)).toEqual(['$.a', '$.b']);
  });

  it('uses the given root path', () => {
    expect(match(1, 2, { path: '$.x' })[0]?.path).toBe('$.x');
  });
});

describe('operators', () => {
  it('$type', () => {
    ok({ $type: 'string' }, 's');
    ok({ $type: 'number' }, 1.5);
    ok({ $type: 'integer' }, 3);
    ok({ $type: 'boolean' }, false);
    ok({ $type: 'object' }, {});
    ok({ $type: 'array' }, []);
    ok({ $type: 'null' }, null);
    fails({ $type: 'integer' }, 1.5);
    fails({ $type: 'object' }, []);
    fails({ $type: 'array' }, {});
    fails({ $type: 'null' }, undefined);
    expect(texts({ x: { $type: 'string' } }, { x: 5 })).toEqual(['$.x: expected a value of type string, got 5']);
  });

  it('$regex is unanchored JavaScript syntax', () => {
    ok({ $regex: '\\d{4}-\\d{2}' }, 'at 2025-11 now');
    ok({ $regex: '^a' }, 'abc');
    fails({ $regex: '^b' }, 'abc');
    expect(texts({ $regex: '^x' }, 5)).toEqual(['$: expected a string matching /^x/, got 5']);
  });

  it('$range, $gt, $gte, $lt, $lte', () => {
    ok({ $range: [1, 3] }, 1);
    ok({ $range: [1, 3] }, 3);
    fails({ $range: [1, 3] }, 3.1);
    fails({ $range: [1, 3] }, '2');
    ok({ $gt: 1 }, 2);
    fails({ $gt: 1 }, 1);
    ok({ $gte: 1 }, 1);
    fails({ $gte: 1 }, 0.5);
    ok({ $lt: 1 }, 0);
    fails({ $lt: 1 }, 1);
    ok({ $lte: 1 }, 1);
    expect(texts({ $lte: 1 }, 2)).toEqual(['$: expected a number <= 1, got 2']);
    fails({ $gt: 0 }, '1');
  });

  it('$lte_scaled multiplies by the timing scale', () => {
    ok({ $lte_scaled: 100 }, 100);
    fails({ $lte_scaled: 100 }, 150);
    ok({ $lte_scaled: 100 }, 150, { timingScale: 2 });
    const [m] = fails({ $lte_scaled: 100 }, 250, { timingScale: 2 });
    expect(m!.message).toBe('expected a number <= 200 (100 × timing scale 2), got 250');
  });

  it('$absent and $any', () => {
    ok({ nextCursor: { $absent: true } }, { result: 1 });
    expect(texts({ nextCursor: { $absent: true } }, { nextCursor: 'c' })).toEqual([
      '$.nextCursor: expected the key to be absent, got "c"',
    ]);
    ok({ x: { $any: true } }, { x: null });
    expect(texts({ x: { $any: true } }, {})).toEqual(['$.x: expected a value, got no value (the key is missing)']);
  });

  it('$exact needs deep equality, no subset', () => {
    ok({ $exact: { sum: 5.5 } }, { sum: 5.5 });
    ok({ result: { $exact: {} } }, { result: {} });
    expect(texts({ result: { $exact: {} } }, { result: { a: 1 } })).toEqual(['$.result: expected exactly {}, got {"a":1}']);
    fails({ $exact: [1, 2] }, [2, 1]);
    ok({ $exact: { $ref: '#/x' } }, { $ref: '#/x' });
  });

  it('$oneOf', () => {
    ok({ $oneOf: [7, null] }, null);
    ok({ $oneOf: [7, null] }, 7);
    ok({ args: { $oneOf: [{ $length: 0 }, { $absent: true }] } }, {});
    ok({ args: { $oneOf: [{ $length: 0 }, { $absent: true }] } }, { args: [] });
    expect(texts({ $oneOf: [7, null] }, 8)).toEqual(['$: matches none of the 2 alternatives of $oneOf: [0] expected 7, got 8; [1] expected null, got 8']);
  });

  it('$all', () => {
    ok({ $all: [{ $type: 'string' }, { $regex: '^a' }] }, 'abc');
    expect(texts({ $all: [{ $type: 'string' }, { $regex: '^a' }] }, 'bcd')).toEqual(['$: expected a string matching /^a/, got "bcd"']);
  });

  it('$not', () => {
    ok({ $not: '1999-01-01' }, '2025-11-25');
    expect(texts({ $not: '1999-01-01' }, '1999-01-01')).toEqual(['$: expected a value not matching "1999-01-01", got "1999-01-01"']);
    ok({ x: { $not: { $absent: true } } }, { x: 1 });
    // A missing key is not "a value not matching P".
    fails({ x: { $not: 5 } }, {});
  });

  it('$unordered', () => {
    ok({ $unordered: [{ name: 'b' }, { name: 'a' }] }, [{ name: 'a' }, { name: 'b' }]);
    // A loose pattern must not take the only item a stricter one matches.
    ok({ $unordered: [{ $type: 'object' }, { name: 'a' }] }, [{ name: 'a' }, { name: 'b' }]);
    fails({ $unordered: [{ name: 'a' }] }, [{ name: 'a' }, { name: 'b' }]);
    expect(texts({ tools: { $unordered: [{ name: 'slow' }, { name: 'echo' }] } }, { tools: [{ name: 'echo' }, { name: 'slo' }] })).toEqual([
      '$.tools: no item matches $unordered[0] {"name":"slow"} (closest: $.tools[1].name: expected "slow", got "slo")',
    ]);
    expect(texts({ $unordered: [{ name: 'a' }, { name: 'a' }] }, [{ name: 'a' }, { name: 'b' }])).toEqual([
      '$: no item left for $unordered[1] {"name":"a"}: the items it matches ([0]) are taken by other patterns',
    ]);
    expect(texts({ $unordered: [1] }, [1, 2])[0]).toContain('expected a list of 1 item (in any order), got 2');
  });

  it('$contains', () => {
    ok({ $contains: [2] }, [1, 2, 3]);
    ok({ $contains: [{ $gt: 1 }, 3] }, [3, 2]);
    fails({ $contains: [3, 3] }, [3, 1]);
    expect(texts({ $contains: [4] }, [1, 2])).toEqual(['$: no item matches $contains[0] 4 (closest: $[0]: expected 4, got 1)']);
    expect(texts({ $contains: [4] }, [])).toEqual(['$: no item matches $contains[0] 4: the list is empty']);
    ok({ $not: { $contains: [0] } }, [1, 2]);
    fails({ $not: { $contains: [0] } }, [1, 0]);
    fails({ $contains: [1] }, 'abc1');
  });

  it('$length', () => {
    ok({ $length: 3 }, [1, 2, 3]);
    ok({ $length: { $gte: 1 } }, 'x');
    ok({ $length: 1 }, '😀');
    expect(texts({ content: { $length: 2 } }, { content: [1] })).toEqual(['$.content.length: expected 2, got 1']);
    fails({ $length: 0 }, {});
  });

  it('$base64', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const blob = bytes.toString('base64');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(sha256).toBe('40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880');
    ok({ $base64: { length: 256, sha256 } }, blob);
    ok({ $base64: { sha256: sha256.toUpperCase() } }, blob);
    ok({ $base64: {} }, 'aGk=');
    expect(texts({ $base64: { length: 255 } }, blob)).toEqual(['$: decoded length: expected 255, got 256']);
    const reversed = Buffer.from(bytes).reverse().toString('base64');
    expect(texts({ $base64: { sha256 } }, reversed)[0]).toContain(`expected decoded bytes with sha256 ${sha256}`);
    expect(texts({ $base64: {} }, 'not base64!')).toEqual(['$: expected a base64 string, got "not base64!"']);
    fails({ $base64: {} }, 5);
  });
});

describe('invalid patterns never match', () => {
  it('reports an unknown operator, even under $not', () => {
    expect(texts({ text: { $regx: 'a' } }, { text: 'a' })).toEqual([
      '$.text.$regx: invalid pattern: unknown operator "$regx" (did you mean "$regex"?); known: $type, $regex, $range, $gt, $gte, $lt, $lte, $lte_scaled, $absent, $any, $exact, $oneOf, $all, $not, $unordered, $contains, $length, $base64, $json, $era, $each (to match a key starting with $ literally, use $exact)',
    ]);
    fails({ $not: { $regx: 'a' } }, 'b');
    fails({ $oneOf: [1, { $nope: 1 }] }, 1);
  });

  it('reports bad operands', () => {
    for (const p of [
      { $type: 'str' },
      { $regex: '(' },
      { $regex: 1 },
      { $range: [3, 1] },
      { $gt: '1' },
      { $absent: false },
      { $any: 1 },
      { $oneOf: [] },
      { $all: 1 },
      { $unordered: {} },
      { $base64: { size: 1 } },
      { $base64: { sha256: 'abc' } },
    ]) {
      const ms = match(p, 'x');
      expect(ms.length, JSON.stringify(p)).toBeGreaterThan(0);
      expect(ms[0]!.message).toMatch(/^invalid pattern: /);
    }
  });

  it('an operator must be alone in its map', () => {
    expect(checkPattern({ a: 1, $gt: 1 })).toEqual([{ path: ['$gt'], message: '$gt must be the only key of its map (combine operators with $all)' }]);
    // Other $ keys among several keys are literal keys.
    ok({ $schema: 'x', type: 'object' }, { $schema: 'x', type: 'object', properties: {} });
  });

  it('checkPattern gives pattern paths', () => {
    expect(checkPattern({ result: { $all: [{ $length: { $gtx: 1 } }] } }, ['steps', 0])[0]?.path).toEqual([
      'steps',
      0,
      'result',
      '$all',
      0,
      '$length',
      '$gtx',
    ]);
    expect(checkPattern({ a: [{ $type: 'string' }] })).toEqual([]);
  });
});

describe('isOperator', () => {
  it('is a map with a single $ key', () => {
    expect(isOperator({ $type: 'string' })).toBe(true);
    expect(isOperator({ $type: 'string', x: 1 })).toBe(false);
    expect(isOperator({ type: 'string' })).toBe(false);
    expect(isOperator(['$type'])).toBe(false);
  });
});

describe('getPath', () => {
  const v = { params: { progress: 3, list: [{ text: 'a' }] } };
  it('follows dotted paths and indices', () => {
    expect(getPath(v, 'params.progress')).toBe(3);
    expect(getPath(v, 'params.list.0.text')).toBe('a');
    expect(getPath(v, 'params.list[0].text')).toBe('a');
    expect(getPath(v, '')).toBe(v);
  });
  it('gives undefined for missing parts', () => {
    expect(getPath(v, 'params.nope.x')).toBeUndefined();
    expect(getPath(v, 'params.list.5')).toBeUndefined();
    expect(getPath(v, 'params.progress.x')).toBeUndefined();
  });
});

describe('$json and $era', () => {
  it('$json parses a string and matches its value', () => {
    ok({ $json: { sum: 5.5 } }, '{"sum": 5.5}');
    ok({ $json: { sum: 5.5 } }, '{"sum":5.5,"other":1}');
    expect(texts({ $json: { sum: 5.5 } }, '{"sum":6}')).toEqual(['$.sum: parsed JSON: expected 5.5, got 6']);
    fails({ $json: { sum: 5.5 } }, '5.5 apples');
    fails({ $json: 1 }, 1);
  });

  it('$era picks the pattern of the running era; an era it does not name is unconstrained', () => {
    const p = { error: { code: { $era: { legacy: -32002, modern: -32602 } } } };
    expect(match(p, { error: { code: -32002 } }, { era: 'legacy' })).toEqual([]);
    expect(match(p, { error: { code: -32602 } }, { era: 'modern' })).toEqual([]);
    expect(match(p, { error: { code: -32002 } }, { era: 'modern' }).map((m) => m.message)).toEqual(['expected -32602, got -32002']);
    expect(match({ a: { $era: { modern: { $absent: true } } } }, {}, { era: 'modern' })).toEqual([]);
    expect(match({ a: { $era: { modern: 1 } } }, { a: 2 }, { era: 'legacy' })).toEqual([]);
  });

  it('$era takes a map of eras', () => {
    expect(checkPattern({ $era: { future: 1 } }).map((e) => e.message)).toEqual(['$era takes the keys legacy and modern; got "future"']);
    expect(checkPattern({ $era: [] }).length).toBe(1);
  });
});

describe('$each', () => {
  it('matches every item of a list', () => {
    ok({ $each: { type: 'text' } }, [{ type: 'text', text: 'a' }, { type: 'text' }]);
    ok({ $each: { type: 'text' } }, []);
    expect(texts({ $each: { type: 'text' } }, [{ type: 'text' }, { type: 'image' }])).toEqual(['$[1].type: expected "text", got "image"']);
    fails({ $each: 1 }, 'not a list');
  });
});

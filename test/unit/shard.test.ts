import { describe, expect, it } from 'vitest';
import { assignShards, parseShard } from '../../harness/runner/shard.js';

const keys = Array.from({ length: 10 }, (_, i) => `case-${i} [legacy]`);

describe('shards', () => {
  it('parse K/N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/2/3']) expect(parseShard(bad)).toBeUndefined();
  });

  it('every key goes to exactly one shard, the same whatever the order of the keys', () => {
    const a = assignShards(keys, 3);
    const b = assignShards([...keys].reverse(), 3);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect(new Set(a.values())).toEqual(new Set([1, 2, 3]));
    expect([...a.keys()].sort()).toEqual([...keys].sort());
  });

  it('balances by recorded durations: the long runs spread out', () => {
    const durations = new Map(keys.map((k, i) => [k, i === 0 || i === 1 ? 1000 : 10]));
    const shards = assignShards(keys, 2, durations);
    expect(shards.get('case-0 [legacy]')).not.toBe(shards.get('case-1 [legacy]'));
    const load = [1, 2].map((s) => keys.filter((k) => shards.get(k) === s).reduce((n, k) => n + durations.get(k)!, 0));
    expect(Math.abs(load[0]! - load[1]!)).toBeLessThanOrEqual(10);
  });
});

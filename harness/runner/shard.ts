// Splitting a run across CI runners (`--shard K/N`): every case run (a case in
// one era) goes to exactly one shard, the same one on every runner. With the
// durations of an earlier run the shards are balanced by time (the longest
// runs first, each to the least loaded shard); without, by count.

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** `K/N` with 1 ≤ K ≤ N; undefined when the text is not one. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * The shard (1-based) of each key. Keys are ordered first, so the assignment
 * depends only on the set of keys, the count and the durations.
 */
export function assignShards(keys: string[], count: number, durations: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const sorted = [...keys].sort();
  const out = new Map<string, number>();
  if (durations.size === 0) {
    sorted.forEach((k, i) => out.set(k, (i % count) + 1));
    return out;
  }
  // Runs without a recorded duration count as the median of those with one.
  const known = sorted.map((k) => durations.get(k)).filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  const fallback = known.length ? known[Math.floor(known.length / 2)]! : 1;
  const cost = (k: string) => durations.get(k) ?? fallback;
  const load = Array.from({ length: count }, () => 0);
  for (const k of [...sorted].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    load[best]! += cost(k);
    out.set(k, best + 1);
  }
  return out;
}

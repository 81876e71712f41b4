// `wasi-mcp-conformance merge-reports DIR…`: the JSON reports of the shards of
// a run (`--shard K/N`, one folder per runner) back into the reports a single
// run writes. Every shard of every target must be there exactly once.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resultName, targetName, type CaseResult, type TargetReport } from './results.js';
import type { Shard } from '../runner/shard.js';

export class MergeError extends Error {
  override name = 'MergeError';
}

type ShardReport = TargetReport & { shard?: Shard };

/** Every `results-*.json` in the folders, read as reports. */
export async function readReports(dirs: string[]): Promise<{ file: string; report: ShardReport }[]> {
  const out: { file: string; report: ShardReport }[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      throw new MergeError(`${dir}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const files = names.filter((n) => /^results-.+\.json$/.test(n)).sort();
    if (files.length === 0) throw new MergeError(`${dir}: no results-*.json report in it`);
    for (const name of files) {
      const file = join(dir, name);
      let data: { format?: string } & ShardReport;
      try {
        data = JSON.parse(await readFile(file, 'utf8')) as typeof data;
      } catch (e) {
        throw new MergeError(`${file}: not a JSON report (${(e as Error).message})`);
      }
      if (data.format !== 'wasi-mcp-conformance/report@1') throw new MergeError(`${file}: not a wasi-mcp-conformance report`);
      const { format: _format, summary: _summary, ...report } = data as typeof data & { summary?: unknown };
      out.push({ file, report });
    }
  }
  return out;
}

const SYNTHETIC = /^(case-file|expectations):/;
const eraOrder = (r: CaseResult) => (r.era === 'legacy' ? 0 : 1);

/** Merges the shards of each target; reports without a shard pass through when they are alone. */
export function mergeReports(inputs: { file: string; report: ShardReport }[]): TargetReport[] {
  const byTarget = new Map<string, { file: string; report: ShardReport }[]>();
  for (const i of inputs) byTarget.set(targetName(i.report.target), [...(byTarget.get(targetName(i.report.target)) ?? []), i]);
  const merged: TargetReport[] = [];
  for (const [target, parts] of byTarget) {
    const counts = new Set(parts.map((p) => p.report.shard?.count ?? 0));
    if (counts.size > 1 || counts.has(0)) {
      if (parts.length === 1 && counts.has(0)) {
        merged.push(parts[0]!.report);
        continue;
      }
      throw new MergeError(`${target}: the reports are not shards of one run (${parts.map((p) => `${p.file}: ${p.report.shard ? `shard ${p.report.shard.index}/${p.report.shard.count}` : 'no shard'}`).join('; ')})`);
    }
    const count = [...counts][0]!;
    for (let k = 1; k <= count; k++) {
      const found = parts.filter((p) => p.report.shard!.index === k);
      if (found.length === 0) throw new MergeError(`${target}: shard ${k}/${count} is missing`);
      if (found.length > 1) throw new MergeError(`${target}: shard ${k}/${count} appears twice (${found.map((p) => p.file).join(', ')})`);
    }
    const first = parts[0]!.report;
    const seen = new Map<string, string>();
    const results: CaseResult[] = [];
    const synthetic = new Map<string, CaseResult>();
    for (const p of parts) {
      for (const r of p.report.results) {
        // Broken case files and stale expectations are reported by every shard: keep one.
        if (SYNTHETIC.test(r.id)) {
          synthetic.set(`${r.id} ${r.message ?? ''}`, r);
          continue;
        }
        const key = resultName(r);
        if (seen.has(key)) throw new MergeError(`${target}: ${key} is in two shards (${seen.get(key)}, ${p.file})`);
        seen.set(key, p.file);
        results.push(r);
      }
    }
    results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : eraOrder(a) - eraOrder(b)));
    const { shard: _shard, ...rest } = first;
    merged.push({
      ...rest,
      startedAt: parts.map((p) => p.report.startedAt).sort()[0]!,
      durationMs: Math.max(...parts.map((p) => p.report.durationMs)),
      results: [...results, ...synthetic.values()],
      ...(parts.some((p) => p.report.infrastructureError) ? { infrastructureError: parts.map((p) => p.report.infrastructureError).filter(Boolean).join('\n') } : {}),
    });
  }
  return merged;
}

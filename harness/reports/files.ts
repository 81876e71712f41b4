// Writing a run's report files: per target JUnit, JSON and TAP; across targets
// the matrix (Markdown, JSON) and the HTML page. A single run and a merge of
// shards write the same files the same way.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { htmlMatrix } from './html.js';
import { jsonReport } from './json.js';
import { junitXml } from './junit.js';
import { buildMatrix, matrixMarkdown } from './matrix.js';
import { tapReport } from './tap.js';
import { targetStem, type TargetReport } from './results.js';

export const REPORTERS = ['console', 'junit', 'json', 'tap', 'html'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** The files of one target; returns their paths. */
export async function writeTargetReports(report: TargetReport, outDir: string, reporters: readonly string[]): Promise<string[]> {
  const dir = resolve(outDir);
  const stem = targetStem(report.target);
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    written.push(path);
  };
  if (reporters.includes('junit')) await write(`junit-${stem}.xml`, junitXml(report));
  if (reporters.includes('json')) await write(`results-${stem}.json`, jsonReport(report));
  if (reporters.includes('tap')) await write(`results-${stem}.tap`, tapReport(report));
  return written;
}

/** The files across targets: the HTML page when asked for, the matrix when there are several targets. */
export async function writeMatrixReports(reports: TargetReport[], outDir: string, reporters: readonly string[]): Promise<string[]> {
  const dir = resolve(outDir);
  const written: string[] = [];
  if (reporters.includes('html')) {
    await writeFile(join(dir, 'matrix.html'), htmlMatrix(reports));
    written.push(join(dir, 'matrix.html'));
  }
  if (reports.length > 1) {
    const matrix = buildMatrix(reports);
    await writeFile(join(dir, 'matrix.md'), matrixMarkdown(matrix));
    await writeFile(join(dir, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
    written.push(join(dir, 'matrix.md'), join(dir, 'matrix.json'));
  }
  return written;
}

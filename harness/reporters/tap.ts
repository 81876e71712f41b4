// TAP 13, for tools that consume TAP streams.
import { failsRun, isWarning, resultName, type TargetReport } from '../results.js';

export function tapReport(report: TargetReport): string {
  const lines = ['TAP version 13', `1..${report.results.length}`];
  report.results.forEach((r, i) => {
    const ok = !failsRun(r, report.strict) && r.outcome !== 'error';
    const directive = r.outcome === 'unsupported' ? ` # SKIP ${r.message ?? ''}` : r.outcome === 'xfail' ? ` # TODO ${r.message ?? ''}` : '';
    lines.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${resultName(r)}: ${r.title}${directive.replace(/\n/g, ' ')}`);
    if (!ok || isWarning(r, report.strict)) {
      lines.push('  ---', `  outcome: ${r.outcome}`, `  message: ${JSON.stringify(r.message ?? '')}`, '  ...');
    }
  });
  return `${lines.join('\n')}\n`;
}

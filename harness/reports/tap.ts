// TAP 14 (https://testanything.org/tap-version-14-specification.html), for tools
// that consume TAP streams. Directives follow the specification: a case the
// target cannot run is `ok … # SKIP`, an expected failure `not ok … # TODO`
// (a known failure that does not fail the run); an expected failure that passed
// fails the run, so it is a plain `not ok`. Anything but a pass carries a YAML
// diagnostic block with the outcome, the severity and the message.
import { failsRun, isWarning, resultName, type CaseResult, type TargetReport } from './results.js';

/** A description or directive text on one line, without the characters TAP gives a meaning there. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').replace(/#/g, '\\#').trim();

function line(r: CaseResult, n: number, strict: boolean): string {
  const ok = !failsRun(r, strict) && r.outcome !== 'error' && r.outcome !== 'xfail';
  const description = `${n} - ${oneLine(`${resultName(r)}: ${r.title}`)}`;
  if (r.outcome === 'unsupported') return `ok ${description} # SKIP ${oneLine(r.message ?? 'unsupported')}`;
  if (r.outcome === 'not-run') return `ok ${description} # SKIP not run: ${oneLine(r.message ?? 'the run was interrupted')}`;
  if (r.outcome === 'xfail') return `not ok ${description} # TODO ${oneLine(r.message ?? 'expected failure')}`;
  return `${ok ? 'ok' : 'not ok'} ${description}`;
}

/** A YAML block: JSON strings are valid YAML scalars, so values are written as JSON. */
function diagnostics(r: CaseResult, strict: boolean): string[] {
  if (r.outcome === 'pass' || r.outcome === 'unsupported' || r.outcome === 'not-run') return [];
  const fields: [string, unknown][] = [
    ['outcome', isWarning(r, strict) ? 'warning' : r.outcome],
    ['severity', r.severity],
    ['era', r.era],
    ['message', r.message ?? ''],
    ...(r.stderr ? [['stderr', r.stderr] as [string, unknown]] : []),
    ['duration_ms', r.durationMs],
  ];
  return ['  ---', ...fields.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`), '  ...'];
}

export function tapReport(report: TargetReport): string {
  const lines = ['TAP version 14', `1..${report.results.length}`];
  report.results.forEach((r, i) => lines.push(line(r, i + 1, report.strict), ...diagnostics(r, report.strict)));
  return `${lines.join('\n')}\n`;
}

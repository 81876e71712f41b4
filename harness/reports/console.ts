// Live progress on the terminal: one line per case as it finishes, details
// for anything that is not a pass, and a summary per target. Colour only on
// an interactive terminal outside CI.
import { countOutcomes, failsRun, isWarning, OUTCOMES, resultName, targetName, type CaseResult, type Outcome, type TargetReport } from './results.js';

const COLOURS: Record<Outcome | 'warn', string> = {
  pass: '32', xfail: '36', unsupported: '33', warn: '33', fail: '31', xpass: '31', timeout: '31', error: '35', 'not-run': '2',
};

export class ConsoleReporter {
  private readonly colour: boolean;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    isTTY = Boolean((out as { isTTY?: boolean }).isTTY),
    private readonly strict = false,
  ) {
    this.colour = isTTY && !process.env.CI && !process.env.NO_COLOR;
  }

  private paint(code: string, text: string): string {
    return this.colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  targetStart(name: string, total: number): void {
    this.out.write(`\n${name}: ${total} cases\n`);
  }

  result(r: CaseResult): void {
    const label = isWarning(r, this.strict) ? 'warn' : r.outcome;
    const severity = r.severity === 'MUST' ? '' : ` ${r.severity}`;
    this.out.write(`  ${this.paint(COLOURS[label], label.padEnd(11))} ${resultName(r)}${this.paint('2', `${severity} (${r.durationMs} ms)`)}\n`);
    if (r.outcome !== 'pass' && r.message) {
      const text = r.outcome === 'unsupported' ? r.message.split('\n')[0]! : r.message;
      for (const line of text.split('\n').slice(0, 12)) this.out.write(`              ${line}\n`);
    }
  }

  /** Results the expectations file changed (xfail, xpass, stale entries), after the live lines. */
  expectations(changed: CaseResult[]): void {
    if (changed.length === 0) return;
    this.out.write('  expectations:\n');
    for (const r of changed) this.result(r);
  }

  summary(report: TargetReport, files: string[]): void {
    const counts = countOutcomes(report.results);
    const parts = OUTCOMES.filter((o) => counts[o] > 0).map((o) => `${counts[o]} ${o}`);
    const warnings = report.results.filter((r) => isWarning(r, report.strict)).length;
    if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''}`);
    const failed = report.results.filter((r) => failsRun(r, report.strict)).length + counts.error;
    const verdict = report.interrupted ? this.paint('33', `INTERRUPTED (${report.interrupted})`) : failed ? this.paint('31', 'FAILED') : this.paint('32', 'OK');
    this.out.write(`\n${targetName(report.target)} ${report.runtime ? report.runtime.version : '(not available)'}: ${verdict} ${parts.join(', ')} in ${(report.durationMs / 1000).toFixed(1)} s\n`);
    if (report.infrastructureError) this.out.write(`  ${report.infrastructureError}\n`);
    for (const f of files) this.out.write(`  wrote ${f}\n`);
  }
}

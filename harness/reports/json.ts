// The JSON report: everything a later tool (matrix, dashboards) needs.
import { countOutcomes, type TargetReport } from './results.js';

export function jsonReport(report: TargetReport): string {
  return `${JSON.stringify({ format: 'wasi-mcp-conformance/report@1', ...report, summary: countOutcomes(report.results) }, null, 2)}\n`;
}

// JUnit XML, one file per target: the format CI systems read to gate builds.
// fail/timeout/xpass → <failure>, error → <error>, unsupported → <skipped>;
// a SHOULD- or MAY-level failure is a warning (unless --strict), reported in
// <system-out> of a passing testcase. Each case runs once per era: names carry it.
import { countOutcomes, failsRun, isWarning, resultName, targetName, type CaseResult, type TargetReport } from './results.js';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function esc(text: string): string {
  // Characters XML 1.0 cannot carry at all are replaced, not escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function body(r: CaseResult, strict: boolean): string {
  const message = r.message ?? '';
  const details = [message, r.stderr ? `stderr:\n${r.stderr}` : ''].filter(Boolean).join('\n\n');
  if (isWarning(r, strict)) return `      <system-out>${esc(`warning (${r.severity}): ${message}`)}</system-out>\n`;
  if (r.outcome === 'unsupported') return `      <skipped message="${esc(`unsupported: ${message}`)}"/>\n`;
  if (r.outcome === 'not-run') return `      <skipped message="${esc(`not run: ${message || 'the run was interrupted'}`)}"/>\n`;
  if (r.outcome === 'error') return `      <error type="error" message="${esc(message.split('\n')[0] ?? '')}">${esc(details)}</error>\n`;
  if (failsRun(r, strict)) {
    return `      <failure type="${r.outcome}" message="${esc(message.split('\n')[0] ?? '')}">${esc(details)}</failure>\n`;
  }
  if (r.outcome === 'xfail') return `      <system-out>${esc(`expected failure: ${message}`)}</system-out>\n`;
  return '';
}

export function junitXml(report: TargetReport): string {
  const counts = countOutcomes(report.results);
  const failures = report.results.filter((r) => failsRun(r, report.strict)).length;
  const name = targetName(report.target);
  const props: [string, string][] = [
    ['runtime', report.target.runtime],
    ['host', report.target.host],
    ['runtime.version', report.runtime?.version ?? 'not found'],
    ['wit.digest', report.witDigest],
    ...report.eras.map((era) => [`mcp.protocolVersion.${era}`, report.versions[era]] as [string, string]),
    ['strict', String(report.strict)],
    ['timing.scale', String(report.timingScale)],
    ...Object.entries(report.runtime?.details ?? {}).map(([k, v]) => [`runtime.${k}`, v] as [string, string]),
  ];
  const cases = report.results
    .map((r) => {
      const inner = body(r, report.strict);
      const open = `    <testcase classname="wasi-mcp.${esc(r.era)}.${esc(r.area)}" name="${esc(`${resultName(r)}: ${r.title}`)}" file="${esc(r.file)}" time="${seconds(r.durationMs)}"`;
      return inner ? `${open}>\n${inner}    </testcase>` : `${open}/>`;
    })
    .join('\n');
  const attrs = `tests="${report.results.length}" failures="${failures}" errors="${counts.error}" skipped="${counts.unsupported + counts['not-run']}" time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wasi-mcp-conformance" ${attrs}>`,
    `  <testsuite name="${esc(name)}" ${attrs} timestamp="${esc(report.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${esc(k)}" value="${esc(v)}"/>`),
    '    </properties>',
    cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { junitXml } from '../../harness/reports/junit.js';
import { exitCode } from '../../harness/cli/main.js';
import { report, result } from './fakes.js';

describe('junitXml', () => {
  const xml = junitXml(report([
    result('a', 'pass'),
    result('b', 'fail', { message: 'expected "x" & <y>', stderr: 'boom\u0001' }),
    result('c', 'unsupported', { message: 'no component model' }),
    result('d', 'error', { message: 'could not start' }),
    result('e', 'timeout', { message: 'slow' }),
    result('f', 'fail', { severity: 'SHOULD', message: 'meh' }),
  ]));

  it('names each protocol era\'s version', () => {
    expect(xml).toContain('<property name="mcp.protocolVersion.modern" value="2026-07-28"/>');
  });

  it('counts failures, errors and skips on the suite', () => {
    expect(xml).toContain('<testsuite name="jco/native" tests="6" failures="2" errors="1" skipped="1" time="5.000"');
  });

  it('escapes text and drops characters XML cannot carry', () => {
    expect(xml).toContain('message="expected &quot;x&quot; &amp; &lt;y&gt;"');
    expect(xml).toContain('boom\ufffd');
    expect(xml).not.toContain('\u0001');
  });

  it('maps outcomes to JUnit elements', () => {
    expect(xml).toMatch(/classname="wasi-mcp.legacy.tools" name="a \[legacy\]: title of a" file="a.yaml" time="1.234"\/>/);
    expect(xml).toMatch(/<skipped message="unsupported: no component model"\/>/);
    expect(xml).toMatch(/<error type="error" message="could not start">/);
    expect(xml).toMatch(/<failure type="timeout" message="slow">/);
    expect(xml).toMatch(/<system-out>warning \(SHOULD\): meh<\/system-out>/);
  });
});

describe('exitCode', () => {
  it('is 0 when everything is as expected, SHOULD and MAY failures included', () => {
    expect(exitCode(report([result('a', 'pass'), result('b', 'fail', { severity: 'SHOULD' }), result('m', 'fail', { severity: 'MAY' }), result('c', 'unsupported'), result('d', 'xfail')]))).toBe(0);
  });
  it('is 1 for a SHOULD or MAY failure under --strict, which JUnit then reports as a failure', () => {
    const strict = report([result('b', 'fail', { severity: 'SHOULD', message: 'meh' })], { strict: true });
    expect(exitCode(strict)).toBe(1);
    expect(junitXml(strict)).toMatch(/<failure type="fail" message="meh">/);
    expect(exitCode(report([result('m', 'timeout', { severity: 'MAY' })], { strict: true }))).toBe(1);
  });
  it('is 1 for a MUST failure, a timeout or an xpass', () => {
    expect(exitCode(report([result('a', 'fail')]))).toBe(1);
    expect(exitCode(report([result('a', 'timeout')]))).toBe(1);
    expect(exitCode(report([result('a', 'xpass')]))).toBe(1);
  });
  it('is 2 for an error or an infrastructure problem', () => {
    expect(exitCode(report([result('a', 'fail'), result('b', 'error')]))).toBe(2);
    expect(exitCode(report([], { infrastructureError: 'no runtime' }))).toBe(2);
  });
});

describe('JUnit XML against the format CI systems read', () => {
  const xsd = readFileSync(join(import.meta.dirname, 'junit.xsd'), 'utf8');
  const validate = async (xml: string) => (await validateXML({ xml: [{ fileName: 'r.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] })).errors.map((e) => e.message ?? String(e));

  it('validates, every outcome and odd characters included', async () => {
    const xml = junitXml(report([
      result('a', 'pass'), result('b', 'fail', { message: 'x & <y> "z"', stderr: 'boom\u0001' }), result('c', 'unsupported', { message: 'no' }),
      result('d', 'error', { message: 'e' }), result('e', 'timeout', { message: 't' }), result('f', 'fail', { severity: 'SHOULD', message: 'w' }),
      result('g', 'xfail', { message: 'known' }), result('h', 'xpass', { message: 'fixed' }),
    ]));
    expect(await validate(xml)).toEqual([]);
  });

  it('and the check can fail', async () => {
    expect(await validate('<testsuites><testsuite name="x" tests="one" failures="0" errors="0"/></testsuites>')).not.toEqual([]);
  });
});

// Bad input, row by row: every flag, case file, expectations file, component
// and report folder mistake a user can make gets exit 2 and one line that
// names what is wrong, never a stack trace.
import { parse } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, root } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wmc-bad-'));
const file = (name: string, text: string | Uint8Array) => {
  const path = join(tmp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

/** A case file whose header is valid; `body` replaces or adds lines. */
const caseText = (body: string, header = true) => `${header ? 'id: bad-case\ntitle: t\narea: protocol\nseverity: MUST\neras: [legacy]\nreferences: {wit: ["wasi:mcp/server#describe"]}\nfixture: reference\n' : ''}${body}`;
const caseDir = (name: string, text: string) => {
  const dir = join(tmp, `cases-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'case.yaml'), text);
  return dir;
};
const expectationsFile = (name: string, lines: string[]) => file(`${name}.yaml`, ['expectations:', ...lines, ''].join('\n'));
const entry = (over: Record<string, string> = {}) =>
  Object.entries({ case: 'lifecycle-ping', targets: '[jco/native]', reason: 'r', link: 'https://example.org/1', ...over }).map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`);

interface Row {
  name: string;
  args: () => string[];
  message: RegExp;
  /** The report names the problem instead of stderr (a run that goes on for the other cases). */
  inReport?: boolean;
}

const rows: Row[] = [
  // Flags
  { name: 'an unknown flag', args: () => ['--no-such-flag'], message: /unknown option --no-such-flag$/m },
  { name: 'a flag with a typo', args: () => ['--fitler', 'tools-*'], message: /unknown option --fitler \(did you mean "--filter"\?\)/ },
  { name: 'a short flag that does not exist', args: () => ['-x'], message: /unknown option -x$/m },
  { name: 'a value without a flag', args: () => ['tools-*'], message: /unexpected argument "tools-\*": every value belongs to an option/ },
  { name: 'a flag without its value', args: () => ['--filter'], message: /--filter takes a case id pattern, got no value/ },
  { name: 'a flag whose value is the next flag', args: () => ['--fixture', '--list'], message: /--fixture takes a fixture's name .*got no value/ },
  { name: 'a value given to a switch', args: () => ['--strict=yes'], message: /--strict takes no value, got "yes"/ },
  { name: 'an unknown runtime', args: () => ['--runtime', 'nope'], message: /unknown runtime "nope"; known: jco/ },
  { name: 'a host the runtime lacks', args: () => ['--runtime', 'wasmtime', '--host', 'native'], message: /runtime wasmtime has no host "native"/ },
  { name: 'a host no runtime has', args: () => ['--runtime', 'all', '--host', 'foo'], message: /no runtime has a host "foo"/ },
  { name: 'a timing scale that is not a number', args: () => ['--timing-scale', 'fast'], message: /--timing-scale takes a positive number up to 100, got "fast"/ },
  { name: 'a timing scale of 0', args: () => ['--timing-scale', '0'], message: /--timing-scale takes a positive number/ },
  { name: 'a negative timing scale', args: () => ['--timing-scale=-1'], message: /--timing-scale takes a positive number/ },
  { name: 'a timing scale too large', args: () => ['--timing-scale', '150000'], message: /--timing-scale takes a positive number up to 100, got "150000"/ },
  { name: 'jobs 0', args: () => ['--jobs', '0'], message: /--jobs takes a whole number from 1 to 64, got "0"/ },
  { name: 'a fraction of a job', args: () => ['--jobs', '2.5'], message: /--jobs takes a whole number from 1 to 64, got "2.5"/ },
  { name: 'too many jobs', args: () => ['--jobs', '1000'], message: /--jobs takes a whole number from 1 to 64, got "1000"/ },
  { name: 'an unknown reporter', args: () => ['--reporter', 'xml'], message: /--reporter takes a comma-separated list of console, junit, json, tap, html, got "xml"/ },
  { name: 'an empty reporter list', args: () => ['--reporter', ''], message: /--reporter needs at least one value: it takes a comma-separated list/ },
  { name: 'a reporter list of commas', args: () => ['--reporter', ',,'], message: /--reporter needs at least one value/ },
  { name: 'an unknown guest', args: () => ['--guest', 'js,rust'], message: /--guest takes a comma-separated list of js, c, or all, got "js,rust"/ },
  { name: 'a generate count of 0', args: () => ['--generate', '0'], message: /--generate takes a whole number from 1 to 100000, got "0"/ },
  { name: 'a negative seed', args: () => ['--generate', '1', '--seed', '-1'], message: /--seed takes a whole number from 0 to 2147483647, got "-1"/ },
  { name: 'a peer without a command', args: () => ['--peer', 'ref='], message: /--peer takes NAME=COMMAND.*got "ref="/ },
  { name: 'a protocol version that is no version', args: () => ['--protocol-version', 'garbage'], message: /--protocol-version takes legacy, modern, all, or one of/ },
  { name: 'an unknown protocol version', args: () => ['--protocol-version', '2099-01-01'], message: /--protocol-version takes/ },
  { name: 'a shard past the count', args: () => ['--shard', '3/2'], message: /--shard takes K\/N/ },
  { name: 'shard 0', args: () => ['--shard', '0/2'], message: /--shard takes K\/N/ },
  { name: 'a shard that is not K/N', args: () => ['--shard', 'half'], message: /--shard takes K\/N/ },
  { name: 'shard durations without a shard', args: () => ['--shard-durations', tmp], message: /--shard-durations needs --shard/ },
  { name: 'shard durations from nowhere', args: () => ['--shard', '1/2', '--shard-durations', join(tmp, 'nowhere.json')], message: /--shard-durations .*no such file or folder/ },
  { name: 'shard durations from a folder without reports', args: () => ['--shard', '1/2', '--shard-durations', mkdtempSync(join(tmpdir(), 'wmc-none-'))], message: /no results-\*\.json report in it/ },
  { name: 'the mutant without a defect', args: () => ['--fixture', 'mutant'], message: /fixture "mutant" needs a defect/ },
  { name: 'a mutant defect with a typo', args: () => ['--fixture', 'mutant:ignore-cancl'], message: /no defect "ignore-cancl" \(did you mean "ignore-cancel"\?\)/ },
  { name: 'a fixture that does not exist', args: () => ['--fixture', 'no-such-fixture'], message: /no-such-fixture\.wasm does not exist/ },
  { name: 'a defect on a fixture that takes none', args: () => ['--fixture', 'reference:trap'], message: /only "mutant" takes a defect/ },
  { name: '--component with --fixture', args: () => ['--component', file('c.wasm', 'x'), '--fixture', 'reference'], message: /--component and --fixture exclude each other/ },
  { name: 'a component that does not exist', args: () => ['--component', join(tmp, 'nope.wasm')], message: /--component .*no such file/ },
  { name: 'a component that is a folder', args: () => ['--component', tmp], message: /--component .*not a file/ },
  { name: 'a component that is not WebAssembly', args: () => ['--component', file('text.wasm', 'not wasm')], message: /not a WebAssembly file/ },
  { name: 'a component that is a core module', args: () => ['--component', join(tmp, 'core.wasm')], message: /a core WebAssembly module, not a component/ },
  { name: 'a component that serves no wasi:mcp', args: () => ['--component', join(tmp, 'empty.wasm')], message: /does not export the wasi:mcp server world/ },
  { name: '--server-command with --runtime', args: () => ['--server-command', 'node x.js', '--runtime', 'jco'], message: /--server-command runs a server of its own/ },
  { name: 'an empty --server-command', args: () => ['--server-command', '  '], message: /--server-command takes a command line, got "  "/ },
  { name: 'a filter that matches nothing', args: () => ['--filter', 'no-such-case-*'], message: /no case matches the --cases and --filter given/ },
  { name: 'case files that do not exist', args: () => ['--cases', join(tmp, 'no-such-dir', '*.yaml')], message: /no case matches/ },
  { name: 'a report folder that is a file', args: () => ['--out', file('out-file', 'x'), '--filter', 'lifecycle-ping'], message: /--out .*out-file: cannot write reports there \(EEXIST|ENOTDIR\)/ },
  { name: 'a report folder under a file', args: () => ['--out', join(file('out-parent', 'x'), 'sub'), '--filter', 'lifecycle-ping'], message: /--out .*cannot write reports there \(ENOTDIR\)/ },
  { name: 'traceability into a file', args: () => ['--traceability', '--out', file('trace-file', 'x')], message: /--out .*cannot write reports there/ },
  // Expectations files
  { name: 'an expectations file that does not exist', args: () => ['--expectations', join(tmp, 'none.yaml'), '--filter', 'lifecycle-ping'], message: /cannot read expectations file .*none\.yaml/ },
  { name: 'an expectations file that is not YAML', args: () => ['--expectations', file('notyaml.yaml', 'expectations: [a\n'), '--filter', 'lifecycle-ping'], message: /notyaml\.yaml:\d+:\d+: YAML: / },
  { name: 'an expectations file that is a list', args: () => ['--expectations', file('list.yaml', '- a\n'), '--filter', 'lifecycle-ping'], message: /list\.yaml:1:1: an expectations file is a map with one key/ },
  { name: 'an unknown key in the file', args: () => ['--expectations', file('topkey.yaml', 'expectations: []\nextra: 1\n'), '--filter', 'lifecycle-ping'], message: /topkey\.yaml:2:1: unknown key "extra"/ },
  { name: 'an entry key with a typo', args: () => ['--expectations', expectationsFile('reasn', [...entry(), '    reasn: x']), '--filter', 'lifecycle-ping'], message: /reasn\.yaml:\d+:5: unknown key "reasn" \(did you mean "reason"\?\)/ },
  { name: 'an entry without a reason', args: () => ['--expectations', expectationsFile('noreason', entry({ reason: '""' })), '--filter', 'lifecycle-ping'], message: /noreason\.yaml:\d+:\d+: reason: expected a non-empty string/ },
  { name: 'a target that is not runtime/host', args: () => ['--expectations', expectationsFile('target', entry({ targets: '[wasmtime]' })), '--filter', 'lifecycle-ping'], message: /target\.yaml:3:\d+: targets: "wasmtime" is not runtime\/host/ },
  { name: 'a target naming no runtime', args: () => ['--expectations', expectationsFile('runtime', entry({ targets: '[wasmtim/virtual]' })), '--filter', 'lifecycle-ping'], message: /"wasmtim\/virtual" is not runtime\/host with a known runtime/ },
  { name: 'an unknown platform', args: () => ['--expectations', expectationsFile('os', [...entry(), '    os: [lnux]']), '--filter', 'lifecycle-ping'], message: /os: "lnux" is not a platform \(did you mean "linux"\?\)/ },
  { name: 'an unknown era', args: () => ['--expectations', expectationsFile('era', [...entry(), '    eras: [future]']), '--filter', 'lifecycle-ping'], message: /eras: "future" is not an era/ },
  { name: 'a link that is not a URL', args: () => ['--expectations', expectationsFile('link', entry({ link: 'bug-123' })), '--filter', 'lifecycle-ping'], message: /link: expected an http\(s\) URL/ },
  { name: 'flaky that is not a boolean', args: () => ['--expectations', expectationsFile('flaky', [...entry(), '    flaky: sometimes']), '--filter', 'lifecycle-ping'], message: /flaky: expected true or false/ },
  { name: 'an entry naming no case', args: () => ['--expectations', expectationsFile('nocase', entry({ case: 'lifecycle-pnig' })), '--filter', 'lifecycle-ping'], message: /no case has the id "lifecycle-pnig" \(did you mean "lifecycle-ping"\?\)/, inReport: true },
  // Case files
  { name: 'a case file that is not YAML', args: () => ['--cases', caseDir('yaml', 'id: x\nsteps:\n  - send: {id: 1\n')], message: /case\.yaml:\d+:\d+: YAML: / },
  { name: 'a case file of two documents', args: () => ['--cases', caseDir('docs', caseText('steps:\n  - sleep: {ms: 1}\n---\nid: y\n'))], message: /a case file holds one YAML document/ },
  { name: 'an unknown top-level key', args: () => ['--cases', caseDir('top', caseText('titel: y\nsteps:\n  - sleep: {ms: 1}\n'))], message: /case\.yaml:8:1: unknown key "titel" \(did you mean "title"\?\)/ },
  { name: 'a case without eras', args: () => ['--cases', caseDir('eras', caseText('id: x\ntitle: t\narea: protocol\nseverity: MUST\nreferences: {wit: ["a:b/c#d"]}\nfixture: reference\nsteps:\n  - sleep: {ms: 1}\n', false))], message: /missing required key "eras"/ },
  { name: 'a severity in lower case', args: () => ['--cases', caseDir('sev', caseText('steps:\n  - sleep: {ms: 1}\n').replace('severity: MUST', 'severity: must'))], message: /severity: expected one of MUST, SHOULD, MAY; got "must" \(did you mean "MUST"\?\)/ },
  { name: 'an unknown step', args: () => ['--cases', caseDir('step', caseText('steps:\n  - expect_respons: {id: 1}\n'))], message: /unknown step "expect_respons" \(did you mean "expect_response"\?\)/ },
  { name: 'a step with two keys', args: () => ['--cases', caseDir('twokeys', caseText('steps:\n  - send: {id: 1, method: ping}\n    sleep: {ms: 1}\n'))], message: /a step is a map with exactly one key/ },
  { name: 'an unknown pattern operator', args: () => ['--cases', caseDir('op', caseText('steps:\n  - send: {id: 1, method: ping}\n  - expect_response: {id: 1, result: {$regx: a}}\n'))], message: /unknown operator "\$regx" \(did you mean "\$regex"\?\)/ },
  { name: 'a case timeout over an hour', args: () => ['--cases', caseDir('timeout', caseText('timeout_ms: 3000000000\nsteps:\n  - sleep: {ms: 1}\n'))], message: /timeout_ms: expected a number <= 3600000/ },
  { name: 'a wait over an hour', args: () => ['--cases', caseDir('wait', caseText('steps:\n  - expect_no_message: {for_ms: 4000000}\n'))], message: /for_ms: expected a number <= 3600000/ },
  { name: 'a citation that is not REVISION/page', args: () => ['--cases', caseDir('cite', caseText('steps:\n  - sleep: {ms: 1}\n').replace('references: {wit: ["wasi:mcp/server#describe"]}', 'references: {spec: [{section: tools, quote: "a quote long enough"}]}'))], message: /is not a spec reference|does not match the pattern/ },
  { name: 'a by_era step for an unknown era', args: () => ['--cases', caseDir('byera', caseText('steps:\n  - by_era: {future: [{sleep: {ms: 1}}]}\n'))], message: /unknown key "future"/ },
  { name: 'a respond step without result or error', args: () => ['--cases', caseDir('respond', caseText('steps:\n  - respond: {id: 1}\n'))], message: /respond: expected at least 2|respond.*fewer than 2/ },
  { name: 'two case files with one id', args: () => { const dir = caseDir('dup', caseText('steps:\n  - sleep: {ms: 1}\n')); writeFileSync(join(dir, 'other.yaml'), caseText('steps:\n  - sleep: {ms: 1}\n')); return ['--cases', dir]; }, message: /duplicate id "bad-case"/ },
  // Authoring mistakes found while the case runs
  { name: 'a cancel of a request the case never sent', args: () => ['--cases', caseDir('cancel', caseText('steps:\n  - cancel: {id: 9, after_ms: 0}\n'))], message: /the case is wrong: step 1 \(cancel\): cancel: no request with id 9 was sent/, inReport: true },
  { name: 'a value the case never saved', args: () => ['--cases', caseDir('saved', caseText('steps:\n  - send: {id: 1, method: ping, params: {x: "${nope}"}}\n'))], message: /the case is wrong: step 1 \(send\): \$\{nope\} was never saved/, inReport: true },
  // Other commands
  { name: 'serve with an unknown runtime', args: () => ['serve', '--runtime', 'nope'], message: /unknown runtime "nope"/ },
  { name: 'serve with a mutant defect typo', args: () => ['serve', '--fixture', 'mutant:trapp'], message: /no defect "trapp"/ },
  { name: 'merge-reports without folders', args: () => ['merge-reports'], message: /give the folders of the shards' reports/ },
  { name: 'merge-reports of a folder that does not exist', args: () => ['merge-reports', join(tmp, 'nowhere')], message: /cannot read the folder \(ENOENT\)/ },
  { name: 'merge-reports with the console reporter', args: () => ['merge-reports', tmp, '--reporter', 'console'], message: /--reporter takes a comma-separated list of junit, json, tap, html, got "console"/ },
  { name: 'serve with an unknown flag', args: () => ['serve', '--cases', 'x'], message: /serve: unknown option --cases/ },
];

describe('bad input: exit 2 and one line naming the problem', () => {
  beforeAll(async () => {
    writeFileSync(join(tmp, 'core.wasm'), await parse('(module)'));
    writeFileSync(join(tmp, 'empty.wasm'), await parse('(component)'));
  });

  it(`has at least 60 rows (${rows.length})`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  for (const row of rows) {
    it(row.name, async () => {
      const out = mkdtempSync(join(tmpdir(), 'wmc-bad-out-'));
      const args = row.args();
      const withOut = args.includes('--out') || args[0] === 'serve' || args[0] === 'merge-reports' ? args : ['--out', out, '--reporter', 'json', ...args];
      const r = await execa(process.execPath, [bin, ...withOut], { cwd: root, reject: false, timeout: 120_000, env: { CI: 'true', PATH: process.env.PATH ?? '' } });
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(2);
      const text = row.inReport ? `${r.stderr}\n${(JSON.parse(readFileSync(join(out, 'results-jco-native.json'), 'utf8')) as { results: { message?: string }[] }).results.map((x) => x.message).join('\n')}` : String(r.stderr);
      expect(text).toMatch(row.message);
      expect(String(r.stderr)).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
    });
  }
});

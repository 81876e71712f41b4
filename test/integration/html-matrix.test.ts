// The matrix page as a reader sees it: opened in a real headless Chromium
// (Debian's package), filtered and clicked.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

describe('matrix.html', () => {
  let browser: Browser;
  let page: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (npm run setup does)`);
    // A broken guest, so that the page has more than one outcome to filter.
    // tools-call-echo and tools-call-is-error run in both eras, lifecycle-ping in the legacy one: five rows.
    const run = await runCli(['--runtime', 'jco', '--reporter', 'json,html', '--fixture', 'mutant:wrong-results', '--filter', 'tools-call-echo', '--filter', 'tools-call-is-error', '--filter', 'lifecycle-ping']);
    page = join(run.out, 'matrix.html');
    if (!existsSync(page)) throw new Error(`the run wrote no matrix.html (exit ${run.exitCode}):\n${run.stderr}\n${run.stdout}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it('shows one row per case with coloured outcomes, versions and the WIT digest, without network', async () => {
    const tab = await browser.newPage();
    const requests: string[] = [];
    tab.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await tab.goto(pathToFileURL(page).href);
    expect(await tab.locator('#rows tr').count()).toBe(5);
    expect(await tab.locator('#digest').textContent()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await tab.locator('#targets').textContent()).toMatch(/jco\/native\s*1\.35\.0/);
    const pass = tab.locator('#rows tr', { hasText: 'lifecycle-ping' }).locator('td.cell');
    expect(await pass.textContent()).toBe('pass');
    expect(await pass.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(216, 243, 220)');
    const fail = tab.locator('#rows tr', { hasText: 'tools-call-echo' }).first().locator('td.cell');
    expect(await fail.textContent()).toBe('fail');
    expect(await fail.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(251, 213, 213)');
    expect(requests).toEqual([]);
  });

  it('filters by area, era and outcome, and shows a cell\'s messages when clicked', async () => {
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.selectOption('#area', 'lifecycle');
    expect(await tab.locator('#rows tr:not(.hidden)').count()).toBe(1);
    expect(await tab.locator('#count').textContent()).toBe('1 of 5 cases');
    await tab.selectOption('#area', '');
    await tab.selectOption('#era', 'modern');
    expect(await tab.locator('#rows tr:not(.hidden) code').allTextContents()).toEqual(['tools-call-echo', 'tools-call-is-error']);
    await tab.selectOption('#era', '');
    await tab.selectOption('#outcome', 'fail');
    const failing = await tab.locator('#rows tr:not(.hidden) code').allTextContents();
    expect(failing).toContain('tools-call-echo');
    expect(failing).not.toContain('lifecycle-ping');
    await tab.locator('#rows tr', { hasText: 'tools-call-echo' }).first().locator('td.cell').click();
    expect(await tab.locator('#details h2').textContent()).toBe('tools-call-echo [legacy] on jco/native');
    expect(await tab.locator('#details pre.message').textContent()).toMatch(/expected "hello, wasi:mcp", got "HELLO, WASI:MCP"/);
    const transcript = await tab.locator('#details pre.transcript').textContent();
    expect(transcript).toContain('→ {"jsonrpc":"2.0","id":1,"method":"tools/call"');
    expect(transcript).toContain('"text":"HELLO, WASI:MCP"');
  });
});

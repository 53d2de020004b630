import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadVegaBundles, renderReport, type UnsharedParent } from '../../src/report/index.js';
import type { RunSnapshot } from '../../src/store/types.js';
import { sampleDecode, sampleParents, sampleSnapshot, startedSnapshot } from '../fixtures/runs/sample.js';
import { chromiumMissing } from '../helpers.js';
import { launchBrowser, type Browser } from './browser.js';

const missing = chromiumMissing();
let browser: Browser | undefined;
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spin-nas-html-'));
  if (!missing) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
}

async function open(snapshot: RunSnapshot, name: string, parents: UnsharedParent[] = []): Promise<Opened> {
  const html = renderReport(snapshot, 'html', { decode: sampleDecode, parents, bundles: await loadVegaBundles() });
  const file = join(dir, `${name}.html`);
  await writeFile(file, html);
  const page = await browser!.context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url);
  await page.evaluate(() => (globalThis as unknown as { spinReport: { ready: Promise<void> } }).spinReport.ready);
  return { page, problems, requests };
}

const count = (page: Page, selector: string): Promise<number> => page.locator(selector).count();

test('the HTML report renders its three plots offline with one point per finished trial', { skip: missing }, async () => {
  const { page, problems, requests } = await open(sampleSnapshot(), 'sample', sampleParents);
  assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  assert.deepEqual(requests, [], 'the page makes no network request');
  // 7 finished trials and 1 fusion parent.
  assert.equal(await count(page, '#plot-params g.trials_marks path'), 8);
  assert.equal(await count(page, '#plot-flops g.trials_marks path'), 8);
  assert.equal(await count(page, '#plot-params g.frontier_marks path'), 1, 'the frontier is drawn as one line');
  assert.equal(await count(page, '#plot-hypervolume g.hypervolume_marks path'), 7);
  const views = await page.evaluate(() => Object.keys((globalThis as unknown as { spinReport: { views: object } }).spinReport.views).sort());
  assert.deepEqual(views, ['flops', 'hypervolume', 'params']);
  assert.equal(await count(page, '#trials-table tbody tr'), 10);
  assert.equal(await count(page, '#trials-table tr.infeasible'), 1);
  assert.equal(await count(page, '#frontier-table tbody tr'), 3);
  assert.equal(await count(page, '#parents-table tbody tr'), 1);

  await page.locator('#plot-params g.trials_marks path').first().hover();
  const tooltip = page.locator('#vg-tooltip-element');
  await tooltip.waitFor({ state: 'visible', timeout: 5000 });
  assert.match((await tooltip.textContent()) ?? '', /Trial\s*t\d{4}-r\d.*Sharing/s, 'hovering a point shows its details');

  const shot = join(dir, 'sample.png');
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok((await stat(shot)).size > 20_000, 'the screenshot has content');
  await page.close();
});

test('the HTML report of a run with no finished trial renders empty plots without errors', { skip: missing }, async () => {
  const { page, problems } = await open(startedSnapshot(), 'started');
  assert.deepEqual(problems, []);
  assert.equal(await count(page, '#plot-params g.trials_marks path'), 0);
  assert.equal(await count(page, '.plots p.empty'), 4, 'each plot says why it is empty');
  assert.equal(await count(page, '#trials-table tbody tr'), 3);
  await page.close();
});

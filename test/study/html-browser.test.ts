import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SyntheticExecutor } from '../../src/executor/synthetic.js';
import { loadVegaBundles } from '../../src/report/index.js';
import { aggregateStudy } from '../../src/study/aggregate.js';
import { gridPlotData, renderStudyHtml, searchPlotData, studyPlotData } from '../../src/study/html.js';
import type { StudyResults } from '../../src/study/result-types.js';
import { runStudy } from '../../src/study/run.js';
import { chromiumMissing, tempDir } from '../helpers.js';
import { launchBrowser } from '../report/browser.js';
import { repoPath } from './helpers.js';

/**
 * Opens a study page in Chromium and waits for its plot: the page must raise no console error
 * and request nothing beyond file: URLs. The caller counts marks on the page, then closes it.
 */
async function openStudyPage(file: string) {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  try {
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => (globalThis as unknown as { spinStudy: { ready: Promise<unknown> } }).spinStudy.ready.then(() => true));
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return { page, close: () => browser.close() };
}

test('the study page plots every measured architecture offline, with no console errors', { skip: chromiumMissing() }, async () => {
  const dir = tempDir('spin-study-html-');
  const run = await runStudy({ studyFile: repoPath('studies/spin-fmnist.json'), runsDir: dir, executor: new SyntheticExecutor() });
  const results = aggregateStudy(run.loaded.study, run.loaded.space, run.plan, run.docs);
  const expected = studyPlotData(results).length;
  // 6 scaling + 3 mapping + 2 share rates + 3 components + 5 inits, plus search frontier points.
  assert.ok(expected >= 19);
  const file = join(dir, 'results.html');
  writeFileSync(file, renderStudyHtml(results, await loadVegaBundles()));

  const { page, close } = await openStudyPage(file);
  try {
    assert.equal(await page.locator('g.points_marks path').count(), expected);
    await page.screenshot({ path: join(dir, 'study.png') });
  } finally {
    await close();
  }
});

test("the published third edition's page draws its arms and its searches in two panels, offline, with no console errors", { skip: chromiumMissing() }, async () => {
  const results = JSON.parse(readFileSync(repoPath('docs/results.json'), 'utf8')) as StudyResults;
  assert.ok(results.v3, 'docs/results.json is the third edition');
  const { page, close } = await openStudyPage(repoPath('docs/results.html'));
  try {
    assert.equal(await page.locator('g.arms_marks path').count(), gridPlotData(results).length);
    assert.equal(await page.locator('g.searches_marks path').count(), searchPlotData(results).length);
    assert.ok(searchPlotData(results).length > 0);
  } finally {
    await close();
  }
});

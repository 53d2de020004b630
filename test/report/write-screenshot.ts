/**
 * Writes a screenshot of a run's HTML report (for the README):
 *   npm run build && node dist/test/report/write-screenshot.js runs/<name> [docs/report-screenshot.png]
 * Renders the report exactly as `spin-nas report --format html` does, opens it in headless
 * Chromium, waits for the plots, and saves the top of the page (plots and frontier table).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toArchSpec } from '../../src/arch/index.js';
import { loadReportInput, loadVegaBundles, renderReport } from '../../src/report/index.js';
import { launchBrowser } from './browser.js';

export async function writeScreenshot(runDir: string, out: string): Promise<void> {
  const { snapshot, parents } = await loadReportInput(runDir);
  const html = renderReport(snapshot, 'html', { decode: toArchSpec, parents, bundles: await loadVegaBundles() });
  const dir = await mkdtemp(join(tmpdir(), 'spin-nas-shot-'));
  const browser = await launchBrowser();
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => (globalThis as unknown as { spinReport: { ready: Promise<void> } }).spinReport.ready);
    if (errors.length > 0) throw new Error(`the report page has errors: ${errors.join('; ')}`);
    const height = await page.evaluate(() => {
      const table = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { bottom: number } } | null } })
        .document.querySelector('#frontier-table');
      return Math.ceil(table ? table.getBoundingClientRect().bottom + 24 : 1400);
    });
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 2400) } });
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [runDir, out = 'docs/report-screenshot.png'] = process.argv.slice(2);
  if (!runDir) {
    process.stderr.write('usage: node dist/test/report/write-screenshot.js runs/<name> [docs/report-screenshot.png]\n');
    process.exit(2);
  }
  writeScreenshot(runDir, out).then(
    () => process.stdout.write(`wrote ${out}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Writes a PNG of a study's plot (for docs/results.md):
 *   npm run build && node dist/test/study/write-screenshot.js runs/<study>/results.html docs/study-plot.png
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { launchBrowser } from '../report/browser.js';

async function writeScreenshot(htmlFile: string, out: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(resolve(htmlFile)).href);
    await page.evaluate(() => (globalThis as unknown as { spinStudy: { ready: Promise<unknown> } }).spinStudy.ready.then(() => true));
    await page.locator('#plot').screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

const [htmlFile, out = 'docs/study-plot.png'] = process.argv.slice(2);
if (!htmlFile) {
  process.stderr.write('usage: node dist/test/study/write-screenshot.js runs/<study>/results.html [docs/study-plot.png]\n');
  process.exit(2);
}
writeScreenshot(htmlFile, out).then(
  () => process.stdout.write(`wrote ${out}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

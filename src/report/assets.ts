/**
 * Reads the prebuilt browser bundles of Vega, Vega-Lite and vega-embed from node_modules,
 * to inline them in the HTML report (the page must work offline).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SpinError } from '../errors.js';
import type { VegaBundles } from './html.js';

const require = createRequire(import.meta.url);

let cached: Promise<VegaBundles> | undefined;

export function loadVegaBundles(): Promise<VegaBundles> {
  cached ??= readBundles().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readBundles(): Promise<VegaBundles> {
  const [vega, vegaLite, vegaEmbed] = await Promise.all([
    read('vega', () => require.resolve('vega/build/vega.min.js')),
    read('vega-lite', () => require.resolve('vega-lite/build/vega-lite.min.js')),
    // vega-embed exports only its entry points: the minified bundle sits next to the CommonJS one.
    read('vega-embed', () => join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js')),
  ]);
  return { vega, vegaLite, vegaEmbed };
}

async function read(pkg: string, locate: () => string): Promise<string> {
  let path = '';
  try {
    path = locate();
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SpinError(
      `cannot read the browser bundle of ${pkg}${path ? ` at ${path}` : ''}, needed by the HTML report; reinstall the dependencies with \`npm ci\``,
      { cause: error },
    );
  }
}

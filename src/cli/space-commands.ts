/** `spin-nas space validate <file>` and `spin-nas space inspect <file>`. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { geneNames, loadSpace, spaceSize } from '../space/index.js';
import { formatCount } from './format-numbers.js';
import { inspectSpace, renderSpaceView } from './format-space.js';

export function registerSpaceCommands(program: Command): void {
  const space = program.command('space').description('validate and inspect search-space files');

  space
    .command('validate')
    .description('check a search-space file against the schema and its consistency rules')
    .argument('<file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .action((file: string) => {
      const s = loadSpace(file);
      process.stdout.write(`ok: ${s.name}, ${geneNames(s).length} genes, size ${formatCount(spaceSize(s))} architectures\n`);
    });

  space
    .command('inspect')
    .description('print the size of a space and seeded sample architectures with their sharing plan, params and FLOPs')
    .argument('<file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .option('--samples <n>', 'number of sample architectures (a positive integer)', '5')
    .option('--seed <s>', 'random seed of the samples (a non-negative integer)', '1')
    .option('--json', 'print JSON instead of a table')
    .action((file: string, options: { samples: string; seed: string; json?: boolean }) => {
      const samples = integerOption('--samples', options.samples, 1);
      const seed = integerOption('--seed', options.seed, 0);
      const view = inspectSpace(loadSpace(file), samples, seed);
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : renderSpaceView(view));
    });
}

/** Parses an integer flag, or throws a UsageError naming the flag, the value and the range. */
export function integerOption(flag: string, text: string, min: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    const kind = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
    throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use ${kind}, e.g. ${flag} ${min === 0 ? 42 : 10}`);
  }
  return value;
}
